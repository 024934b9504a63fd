-- The single definition of the atlas's tables: columns, types, keys and allowed values.
--
-- `media-atlas validate` reads this file (through DuckDB's catalog) to check every CSV under data/, and
-- `media-atlas build` runs it to create the database. Conventions the validator relies on:
--   * a CSV in data/<layer>/<table>.csv has exactly the table's columns, in order, except `layer`,
--     which the build fills with the folder name;
--   * `is_partial_date(col)` marks a date kept at its precision: YYYY, YYYY-MM or YYYY-MM-DD. ISO strings
--     compare in date order, and a partial date compares as its first day ('2005' < '2005-01-01');
--   * `is_country_code(col)` marks an ISO 3166-1 alpha-2 code (checked against pycountry, plus XK for Kosovo);
--   * a column comment 'references TABLE.COLUMN' is a reference that must resolve; `entities` is the one id
--     namespace shared by organisations, outlets and people, built from them.

-- The day a partial date starts on ('2005' -> 2005-01-01, '2005-03' -> 2005-03-01); null when it is no date. Padded
-- rather than cut and joined: every query that asks about a date binds it several times, and this binds in a
-- fraction of the time.
create macro first_day(value) as try_cast(rpad(value, 10, '-01-01') as date);

create macro is_partial_date(value) as
    value is null
    or (regexp_full_match(value, '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?') and first_day(value) is not null);

create macro is_country_code(value) as value is null or regexp_full_match(value, '[A-Z]{2}');

create table sources (
    source_id varchar primary key,
    title varchar not null,
    publisher varchar not null,
    url varchar not null check (regexp_full_match(url, 'https?://\S+')),
    published_on varchar check (is_partial_date(published_on)),
    retrieved_on varchar check (is_partial_date(retrieved_on)),
    license varchar,
    layer varchar not null
);

-- `dispersed` is a holder made of many small ones (free float, public float, "Streubesitz"): it never controls.
create table organisations (
    org_id varchar primary key,
    name varchar not null,
    local_name varchar,
    kind varchar not null
        check (kind in (
            'holding', 'media_group', 'company', 'state', 'public_broadcaster', 'foundation', 'dispersed', 'other'
        )),
    country varchar check (is_country_code(country)),
    founded varchar check (is_partial_date(founded)),
    dissolved varchar check (is_partial_date(dissolved)),
    website varchar,
    source_id varchar not null,
    layer varchar not null,
    check (dissolved is null or founded is null or dissolved >= founded)
);

create table outlets (
    outlet_id varchar primary key,
    name varchar not null,
    local_name varchar,
    media_type varchar not null
        check (media_type in ('tv', 'radio', 'newspaper', 'magazine', 'online', 'news_agency')),
    periodicity varchar check (periodicity in ('daily', 'weekly', 'fortnightly', 'monthly', 'bimonthly', 'quarterly')),
    country varchar check (is_country_code(country)),
    language varchar,
    founded varchar check (is_partial_date(founded)),
    closed varchar check (is_partial_date(closed)),
    website varchar,
    source_id varchar not null,
    layer varchar not null,
    check (closed is null or founded is null or closed >= founded)
);

create table people (
    person_id varchar primary key,
    name varchar not null,
    country varchar check (is_country_code(country)),
    source_id varchar not null,
    layer varchar not null
);

-- `affiliation` records a network or brand tie, not ownership: look-through and control ignore it.
create table ownership (
    owner_id varchar not null,
    owned_id varchar not null,
    interest varchar not null check (interest in ('shareholding', 'control', 'operator', 'publisher', 'affiliation')),
    share_min double check (share_min between 0 and 100),
    share_max double check (share_max between 0 and 100),
    start_date varchar check (is_partial_date(start_date)),
    end_date varchar check (is_partial_date(end_date)),
    source_id varchar not null,
    layer varchar not null,
    check (share_min <= share_max),
    check (end_date >= start_date),
    check (owner_id <> owned_id)
);

create table roles (
    person_id varchar not null,
    entity_id varchar not null,
    role varchar not null,
    start_date varchar check (is_partial_date(start_date)),
    end_date varchar check (is_partial_date(end_date)),
    source_id varchar not null,
    layer varchar not null,
    check (end_date >= start_date)
);

create table partnerships (
    partnership_id varchar primary key,
    title varchar not null,
    kind varchar not null check (kind in (
        'protocol_of_intent', 'memorandum_of_understanding', 'joint_venture', 'content_sharing', 'joint_platform',
        'other'
    )),
    signed_on varchar check (is_partial_date(signed_on)),
    place varchar,
    status varchar,
    summary varchar,
    source_id varchar not null,
    layer varchar not null
);

create table partnership_parties (
    partnership_id varchar not null,
    party_id varchar not null,
    role varchar,
    layer varchar not null,
    primary key (partnership_id, party_id)
);

create table aliases (
    entity_id varchar not null,
    alias varchar not null,
    language varchar,
    layer varchar not null
);

create table identifiers (
    entity_id varchar not null,
    scheme varchar not null,
    value varchar not null,
    layer varchar not null,
    primary key (scheme, value)
);

-- One row per value of an attribute that a layer states for an outlet or organisation that another layer defines
-- (an importer meeting an upstream item that data/curated/identifiers.csv maps), or a second statement of one: the
-- build fuses every layer's values (model/rules.sql § attributes).
create table attributes (
    entity_id varchar not null,
    attribute varchar not null check (attribute in (
        'local_name', 'kind', 'media_type', 'periodicity', 'country', 'language', 'founded', 'closed', 'dissolved',
        'website'
    )),
    value varchar not null,
    source_id varchar not null,
    layer varchar not null,
    check (attribute not in ('founded', 'closed', 'dissolved') or is_partial_date(value)),
    check (attribute <> 'country' or is_country_code(value))
);

create table audience (
    outlet_id varchar not null,
    market varchar not null,
    period varchar not null check (is_partial_date(period)),
    share_pct double not null check (share_pct between 0 and 100),
    source_id varchar not null,
    layer varchar not null
);

-- One published count of a market: how many outlets of a media type a statistics office or regulator (or a monitor
-- citing one) counted in a country for a period. Concentration by outlet count measures its coverage against the
-- larger of this and the outlets the atlas lists (model/rules.sql § concentration). Its media types are the outlets' own.
create table market_sizes (
    country varchar not null check (is_country_code(country)),
    media_type varchar not null
        check (media_type in ('tv', 'radio', 'newspaper', 'magazine', 'online', 'news_agency')),
    period varchar not null check (is_partial_date(period)),
    outlets integer not null check (outlets > 0),
    source_id varchar not null,
    note varchar,
    layer varchar not null,
    primary key (country, media_type, period)
);

-- Built from organisations, outlets and people: one row per id in the one namespace.
create table entities (
    entity_id varchar primary key,
    entity_type varchar not null check (entity_type in ('organisation', 'outlet', 'person')),
    name varchar not null,
    country varchar,
    search_text varchar not null
);

-- Built from pycountry: the names and ISO 3166-1 alpha-3 codes (which maps use) of the country codes.
create table countries (
    code varchar primary key,
    alpha_3 varchar not null,
    name varchar not null
);

comment on column organisations.source_id is 'references sources.source_id';
comment on column outlets.source_id is 'references sources.source_id';
comment on column people.source_id is 'references sources.source_id';
comment on column ownership.owner_id is 'references entities.entity_id';
comment on column ownership.owned_id is 'references entities.entity_id';
comment on column ownership.source_id is 'references sources.source_id';
comment on column roles.person_id is 'references people.person_id';
comment on column roles.entity_id is 'references entities.entity_id';
comment on column roles.source_id is 'references sources.source_id';
comment on column partnerships.source_id is 'references sources.source_id';
comment on column partnership_parties.partnership_id is 'references partnerships.partnership_id';
comment on column partnership_parties.party_id is 'references entities.entity_id';
comment on column aliases.entity_id is 'references entities.entity_id';
comment on column identifiers.entity_id is 'references entities.entity_id';
comment on column attributes.entity_id is 'references entities.entity_id';
comment on column attributes.source_id is 'references sources.source_id';
comment on column audience.outlet_id is 'references outlets.outlet_id';
comment on column audience.source_id is 'references sources.source_id';
comment on column market_sizes.source_id is 'references sources.source_id';
