-- One row per party to a partnership with the party's name, type and country.
create view partnership_parties_named as
    select
        partnership_parties.*,
        entities.name as party_name,
        entities.entity_type as party_type,
        entities.country as party_country
    from partnership_parties
    join entities on entities.entity_id = partnership_parties.party_id;

-- One row per partnership as the partnership views list it: its parties' names with countries, the countries as
-- text, whether it crosses a border (parties from more than one country), and its source.
create view partnerships_listed as
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
    left join sources on sources.source_id = partnerships.source_id;


-- Each period of an outlet's group (group_periods, model/control.sql) with its dates as dates, whether it is the
-- outlet's first and when the next one starts: found over the periods alone, so the window does not carry every
-- outlet's columns through its sort.
create temp table placed_periods as
    select
        periods.*,
        coalesce(first_day(periods.valid_from), '-infinity'::date) as group_from,
        coalesce(first_day(periods.valid_until), 'infinity'::date) as group_until,
        lead(periods.valid_from) over by_outlet as next_from,
        row_number() over by_outlet = 1 as first_period
    from group_periods as periods
    window by_outlet as (partition by periods.outlet_id order by periods.valid_from nulls first);

drop table group_periods;

-- One row per outlet and period between changes of its controlling group, as the tables list it: its columns with
-- its country's name and its source; its controlling group while it holds (`group_from`, until before
-- `group_until`, as dates; `group_valid_from`, `group_valid_until` as the data states them); the dates the row
-- stands for the outlet (`listed_from`, until before `listed_until`: from one period's start to the next's, the
-- first from the beginning of time and the last to its end, so on any date exactly one row lists each outlet, with
-- no group between and after its periods); and what filters test: the first day it exists and the first day it no
-- longer does, its founding year and its search text. Open ends are -infinity/infinity, so every test is a plain
-- range test.
create view outlet_rows as
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
        periods.group_id,
        group_entity.name as group_name,
        outlets.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        outlets.layer,
        coalesce(first_day(outlets.founded), '-infinity'::date) as exists_from,
        coalesce(first_day(outlets.closed), 'infinity'::date) as exists_until,
        year(first_day(outlets.founded)) as founded_year,
        searched.search_text,
        if(coalesce(periods.first_period, true), '-infinity'::date, periods.group_from) as listed_from,
        coalesce(first_day(periods.next_from), 'infinity'::date) as listed_until,
        coalesce(periods.group_from, 'infinity'::date) as group_from,
        coalesce(periods.group_until, 'infinity'::date) as group_until,
        periods.valid_from as group_valid_from,
        periods.valid_until as group_valid_until
    from outlets
    join entities as searched on searched.entity_id = outlets.outlet_id
    left join placed_periods as periods on periods.outlet_id = outlets.outlet_id
    left join entities as group_entity on group_entity.entity_id = periods.group_id
    left join countries on countries.code = outlets.country
    left join sources on sources.source_id = outlets.source_id;

-- One row per outlet × period in which it has the controlling group `group_id` (from `valid_from`, until before
-- `valid_until`; null ends are open), with its media type and country.
create view control_periods as
    select
        outlets.outlet_id,
        outlets.group_id,
        outlets.group_valid_from as valid_from,
        outlets.group_valid_until as valid_until,
        outlets.media_type,
        outlets.country
    from outlet_rows as outlets
    where outlets.group_id is not null;

-- One row per organisation as the tables list it: its columns with its country's name, its source and its search
-- text.
create view organisation_rows as
    select
        organisations.*,
        countries.name as country_name,
        sources.publisher as source_publisher,
        sources.url as source_url,
        searched.search_text
    from organisations
    join entities as searched on searched.entity_id = organisations.org_id
    left join countries on countries.code = organisations.country
    left join sources on sources.source_id = organisations.source_id;

-- What a row of an outlet's group (its `group_id` or `group_name`) says on the date `day`: the value while the group
-- holds (from `group_from`, until before `group_until`), else nothing.
create macro group_on(value, group_from, group_until, day) as
    if(group_from <= day and group_until > day, value, null);

-- One row per outlet (whether it exists on `as_of` or not) as the tables list it, with its controlling group on
-- `as_of`: the stored row that stands for it on that date, read in the order the rows are stored.
create macro outlet_rows_as_of(as_of) as table
    select outlets.* exclude (listed_from, listed_until, group_from, group_until, group_valid_from, group_valid_until)
    replace (
        group_on(outlets.group_id, outlets.group_from, outlets.group_until, first_day(as_of)) as group_id,
        group_on(outlets.group_name, outlets.group_from, outlets.group_until, first_day(as_of)) as group_name
    )
    from outlet_rows as outlets
    where outlets.listed_from <= first_day(as_of) and outlets.listed_until > first_day(as_of);

-- One row per outlet existing on `as_of` that has a controlling group (see controlling_groups_computed, which states
-- the rule for one date; a test holds the two equal).
create macro controlling_groups_as_of(as_of) as table
    select outlets.outlet_id, outlets.group_id from outlet_rows_as_of(as_of) as outlets where outlets.group_id is not null;

-- One row per controlling group on `as_of`: how many outlets it controls, with its name and country. The rule for
-- one date; group_sizes_as_of reads the same from periods (a test holds the two equal).
create macro group_sizes_computed(as_of) as table
    with controlled as (
        select outlets.group_id, count(*) as outlets
        from outlet_rows_as_of(as_of) as outlets
        where outlets.group_id is not null
        group by outlets.group_id
    )

    select controlled.group_id, entities.name as group_name, entities.country, controlled.outlets
    from controlled
    join entities on entities.entity_id = controlled.group_id;

-- The days on which a count changes (`changes`: one row per thing counted, its key, the first day it counts and the
-- first it no longer does, open ends as -infinity/infinity) as periods: one row per key and period in which the count
-- stays the same (from `valid_from`, until before `valid_until`), with the count; none where it is 0.
create macro counted_periods(changes) as table
    with deltas as (
        select changing.key, changing.counted_from as day, 1 as delta from query_table(changes) as changing
        union all
        select changing.key, changing.counted_until, -1
        from query_table(changes) as changing
        where changing.counted_until < 'infinity'::date
    ),

    by_day as (
        select deltas.key, deltas.day, sum(deltas.delta) as delta from deltas group by deltas.key, deltas.day
    ),

    running as (
        select
            by_day.key,
            by_day.day as valid_from,
            lead(by_day.day, 1, 'infinity'::date) over days as valid_until,
            sum(by_day.delta) over (days rows between unbounded preceding and current row) as counted
        from by_day
        window days as (partition by by_day.key order by by_day.day)
    )

    select running.key, running.counted::bigint as counted, running.valid_from, running.valid_until
    from running
    where running.counted > 0;

-- One row per controlling group and period in which it controls the same number of outlets: group_sizes_computed on
-- every date at once.
create view group_size_periods as
    with changes as (
        select outlets.group_id as key, outlets.group_from as counted_from, outlets.group_until as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null
    )

    select periods.key as group_id, entities.name as group_name, entities.country, periods.counted as outlets,
        periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods
    join entities on entities.entity_id = periods.key;

-- One row per controlling group on `as_of`, as group_sizes_computed.
create macro group_sizes_as_of(as_of) as table
    select sizes.* exclude (valid_from, valid_until)
    from group_size_periods as sizes
    where sizes.valid_from <= first_day(as_of) and sizes.valid_until > first_day(as_of);

-- One row per controlling group × media type on `as_of`: how many outlets of that type the group controls (an outlet
-- has a group only while it exists: see group_periods). The rule for one date; group_media_type_counts_as_of reads
-- the same from periods (a test holds the two equal).
create macro group_media_type_counts_computed(as_of) as table
    select outlets.group_id, outlets.media_type, count(*) as outlets
    from outlet_rows_as_of(as_of) as outlets
    where outlets.group_id is not null
    group by outlets.group_id, outlets.media_type;

-- One row per controlling group × media type and period in which the group controls the same number of outlets of
-- that type: group_media_type_counts_computed on every date at once.
create view group_media_type_periods as
    with changes as (
        select
            {'group_id': outlets.group_id, 'media_type': outlets.media_type} as key,
            outlets.group_from as counted_from,
            outlets.group_until as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null
    )

    select periods.key.group_id, periods.key.media_type, periods.counted as outlets, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- The rows of the periods table named `periods` that hold on `as_of`, without their dates.
create macro periods_on(periods, as_of) as table
    select stored.* exclude (valid_from, valid_until)
    from query_table(periods) as stored
    where stored.valid_from <= first_day(as_of) and stored.valid_until > first_day(as_of);

-- One row per controlling group × media type with outlets on `as_of`, as group_media_type_counts_computed.
create macro group_media_type_counts_as_of(as_of) as table from periods_on('group_media_type_periods', as_of);

-- One row per country × media type with outlets on `as_of` (a null country or type is a value of its own): how
-- many. The rule for one date; outlet_counts_as_of reads the same from periods (a test holds the two equal).
create macro outlet_counts_computed(as_of) as table
    select outlets.country, outlets.media_type, count(*) as outlets
    from outlet_rows_as_of(as_of) as outlets
    where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
    group by outlets.country, outlets.media_type;

-- One row per country × media type and period in which it has the same number of outlets: outlet_counts_computed on
-- every date at once.
create view outlet_count_periods as
    with changes as (
        select
            {'country': outlets.country, 'media_type': outlets.media_type} as key,
            coalesce(first_day(outlets.founded), '-infinity'::date) as counted_from,
            coalesce(first_day(outlets.closed), 'infinity'::date) as counted_until
        from outlets
    )

    select periods.key.country, periods.key.media_type, periods.counted as outlets, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- One row per country × media type with outlets on `as_of`, as outlet_counts_computed.
create macro outlet_counts_as_of(as_of) as table
    select counts.* exclude (valid_from, valid_until)
    from outlet_count_periods as counts
    where counts.valid_from <= first_day(as_of) and counts.valid_until > first_day(as_of);

-- How many interests hold on `as_of` (claims other than affiliations: interests_as_of), the headline's ownership
-- links. The rule for one date; interest_counts_as_of reads the same from periods (a test holds the two equal).
create macro interest_counts_computed(as_of) as table
    select count(*) as interests from interests_as_of(as_of) having count(*) > 0;

-- One row per period in which the same number of interests hold: interest_counts_computed on every date at once. A
-- claim counts from its first day to the first day of its end (holds_on compares the same days as text); one whose
-- source is dated after its end holds on no date.
create view interest_count_periods as
    with held as (
        select
            coalesce(first_day(claims.holds_from), '-infinity'::date) as counted_from,
            coalesce(first_day(claims.holds_until), 'infinity'::date) as counted_until
        from claims
        where claims.interest <> 'affiliation'
    ),

    changes as (
        select 'interests' as key, held.counted_from, held.counted_until
        from held
        where held.counted_from < held.counted_until
    )

    select periods.counted as interests, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- How many interests hold on `as_of`, as interest_counts_computed.
create macro interest_counts_as_of(as_of) as table from periods_on('interest_count_periods', as_of);

-- Whether `value` is one of `values`, an empty list meaning every value (as the sidebar's filters: nothing chosen is
-- all). Tested with list_contains: DuckDB plans `= any` as a join.
create macro listed_or_all(values, value) as len(values) = 0 or list_contains(values, value);

-- One row per outlet founded on or before `as_of` (or undated) that matches the sidebar's filters: countries,
-- controlling groups on `as_of` (see outlet_rows_as_of), media types, founding years (null for open) and the text
-- search `q` over names and aliases, ignoring case and accents. Empty lists mean all (listed_or_all). Whether it has
-- closed is each caller's to test (a timeline shows closed outlets).
create macro outlets_matching(as_of, countries, groups, media_types, founded_from, founded_to, q) as table
    select outlets.*
    from outlet_rows_as_of(as_of) as outlets
    where outlets.exists_from <= first_day(as_of)
        and listed_or_all(countries, outlets.country)
        and listed_or_all(groups, outlets.group_id)
        and listed_or_all(media_types, outlets.media_type)
        and (founded_from is null or outlets.founded_year >= founded_from)
        and (founded_to is null or outlets.founded_year <= founded_to)
        and (coalesce(q, '') = '' or contains(outlets.search_text, fold(q)));

