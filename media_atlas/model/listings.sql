-- One row per party to a partnership with the party's name, type and country, looked up once at build time rather
-- than among a million entities by every partnership view.
create table partnership_parties_named as
    select
        partnership_parties.*,
        entities.name as party_name,
        entities.entity_type as party_type,
        entities.country as party_country
    from partnership_parties
    join entities on entities.entity_id = partnership_parties.party_id
    order by partnership_parties.partnership_id, party_name;

-- One row per partnership as the partnership views list it: its parties' names with countries, the countries as
-- text, whether it crosses a border (parties from more than one country), and its source.
create table partnerships_listed as
    with summaries as (
        select
            parties.partnership_id,
            string_agg(parties.party_name || coalesce(' (' || parties.party_country || ')', ''), '; '
                order by parties.party_name, parties.party_id) as parties,
            array_to_string(list_sort(list_distinct(list(parties.party_country))), ', ') as party_countries,
            count(distinct parties.party_country) > 1 as cross_border
        from partnership_parties_named as parties
        group by parties.partnership_id
    )

    select
        partnerships.partnership_id,
        partnerships.title,
        partnerships.kind,
        partnerships.signed_on,
        partnerships.place,
        partnerships.status,
        summaries.parties,
        summaries.party_countries,
        coalesce(summaries.cross_border, false) as cross_border,
        partnerships.summary,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from partnerships
    left join summaries on summaries.partnership_id = partnerships.partnership_id
    left join sources on sources.source_id = partnerships.source_id
    order by partnerships.partnership_id;


-- One row per outlet as the tables list it: its columns with its country's name, its source and its controlling
-- group on the stored day (`stored_window`; outlets that do not exist then have none), plus what filters test: the first
-- day it exists and the first day it no longer does (open ends as -infinity/infinity, so both are plain range
-- tests), its founding year and its search text. Stored sorted by media type, country and founding date (so by
-- founding year too): a filter on them then skips most of the table by its min/max statistics, and a million outlets
-- need no join at run time. That is the order the outlets query lists them in (LISTED_AS_STORED in
-- media_atlas/model/__init__.py), so all of them are written out as read, without a sort.
create table outlet_rows_built as
    select
        outlets.outlet_id,
        outlets.name,
        outlets.local_name,
        outlets.media_type,
        outlets.periodicity,
        outlets.country,
        countries.name as country_name,
        outlets.language,
        outlets.founded,
        outlets.closed,
        outlets.website,
        controlling.group_id,
        group_entity.group_name,
        outlets.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        outlets.layer,
        coalesce(first_day(outlets.founded), '-infinity'::date) as exists_from,
        coalesce(first_day(outlets.closed), 'infinity'::date) as exists_until,
        year(first_day(outlets.founded)) as founded_year,
        searched.search_text
    from outlets
    join entities as searched on searched.entity_id = outlets.outlet_id
    left join controlling_groups_as_of((select stored_on from stored_window)) as controlling
        on controlling.outlet_id = outlets.outlet_id
    -- The groups' names from their 28,000 sizes rather than from 1.35M entities.
    left join group_sizes_built as group_entity on group_entity.group_id = controlling.group_id
    left join countries on countries.code = outlets.country
    left join sources on sources.source_id = outlets.source_id
    order by outlets.media_type, outlets.country, outlets.founded, outlets.outlet_id;

-- One row per organisation as the tables list it: its columns with its country's name, its source and its search
-- text. Stored sorted by country, so a country filter skips most of the table and the name search reads the rest.
create table organisation_rows_built as
    select
        organisations.*,
        countries.name as country_name,
        sources.publisher as source_publisher,
        sources.url as source_url,
        searched.search_text
    from organisations
    join entities as searched on searched.entity_id = organisations.org_id
    left join countries on countries.code = organisations.country
    left join sources on sources.source_id = organisations.source_id
    order by organisations.country, organisations.org_id;

-- What the named queries read: every organisation and every outlet (whether it exists on a date or not) as the
-- tables list them, but the outlets' groups (outlet_rows_as_of has them for any date).
create view organisation_rows as
    select * from organisation_rows_built;

create view outlet_rows as
    select * exclude (group_id, group_name) from outlet_rows_built;

-- One row per outlet (whether it exists on `as_of` or not) with its controlling group on `as_of`, in the columns
-- of outlet_rows_built, which it reads as it is for a date inside the stored window. The groups of another date are
-- read from their periods and joined one row per outlet (grouped by it), so DuckDB knows the join adds no row and
-- drops it, with the tenth of a second it costs at a million outlets, from a query that reads no group column (a
-- count, a facet by country), except inside a CTE that DuckDB materialises or a recursive CTE (the network's walk),
-- where it drops no join: a caller there that reads no group column says so with `with_groups := false`, which
-- leaves another date's group columns empty. Inside the window `stored_for` is a constant true and the stored
-- columns are read.
create macro outlet_rows_as_of(as_of, with_groups := true) as table
    with groups_on_date as (
        select
            controlling.outlet_id,
            any_value(controlling.group_id) as group_id,
            any_value(group_names.group_name) as group_name
        from controlling_groups_as_of(as_of, wanted := with_groups and not stored_for(as_of)) as controlling
        join group_names_built as group_names on group_names.group_id = controlling.group_id
        group by controlling.outlet_id
    )

    select outlet_rows_built.* replace (
        if(stored_for(as_of), outlet_rows_built.group_id, groups_on_date.group_id) as group_id,
        if(stored_for(as_of), outlet_rows_built.group_name, groups_on_date.group_name) as group_name
    )
    from outlet_rows_built
    left join groups_on_date on groups_on_date.outlet_id = outlet_rows_built.outlet_id;

-- One row per outlet that exists on `as_of`, in the columns of outlet_rows_built but the group's (which hold for
-- the stored day only: outlet_rows_as_of has them for any day).
create macro outlet_rows_existing(as_of) as table
    select outlet_rows_built.* exclude (group_id, group_name)
    from outlet_rows_built
    where outlet_rows_built.exists_from <= first_day(as_of) and outlet_rows_built.exists_until > first_day(as_of);

-- One row per country × media type with outlets on `as_of` (a null country or type is a value of its own): how
-- many. Stored for the stored day, so the filters' counts per country and type read a thousand rows, not a million.
create macro outlet_counts_computed(as_of, wanted := true) as table
    select outlets.country, outlets.media_type, count(*) as outlets
    from (select 1 as open where wanted) as gate, outlet_rows_existing(as_of) as outlets
    group by outlets.country, outlets.media_type;

-- One row per outlet founded on or before `as_of` (or undated) that matches the sidebar's filters: countries,
-- controlling groups on `as_of` (see outlet_rows_as_of), media types, founding years (null for open) and the text
-- search `q` over names and aliases, ignoring case and accents. Empty lists mean all. Whether it has closed is each
-- caller's to test (a timeline shows closed outlets). The lists are tested with list_contains, not `= any`: DuckDB
-- plans `= any` as a join, which keeps the groups of another date read even for a query that reads none.
-- `with_groups` as in outlet_rows_as_of: false only where no group column is read but to filter by `groups`.
create macro outlets_matching(as_of, countries, groups, media_types, founded_from, founded_to, q, with_groups := true)
as table
    select outlets.*
    from outlet_rows_as_of(as_of, with_groups := with_groups or len(groups) > 0) as outlets
    where outlets.exists_from <= first_day(as_of)
        and (len(countries) = 0 or list_contains(countries, outlets.country))
        and (len(groups) = 0 or list_contains(groups, outlets.group_id))
        and (len(media_types) = 0 or list_contains(media_types, outlets.media_type))
        and (founded_from is null or outlets.founded_year >= founded_from)
        and (founded_to is null or outlets.founded_year <= founded_to)
        and (coalesce(q, '') = '' or contains(outlets.search_text, fold(q)));

