-- Building blocks that several named queries share, created in the database at build time.
-- Each states its grain and parameters like a query does.
--
-- Ownership rules every ownership view follows:
--   * `affiliation` is a network or brand tie, not ownership; `operator` and `publisher` run an outlet without
--     holding it, so they count neither for look-through nor for control (they stay visible as direct interests);
--   * an interest counts on D if it started on or before D and has not ended by D (partial ISO dates compare as
--     strings, so they mean their first day); an outlet counts if founded by D and not closed by D;
--   * curated wins: when the curated layer claims any shareholding or control in an entity (on any date), the
--     other layers' claims about that entity are set aside (they stay in `ownership` and are listed as conflicts).
--
-- Look-through and control over the whole graph are expensive at a million outlets, so the build stores them:
-- every holding and every outlet's controlling group with the dates they hold in (`holding_periods_built`,
-- `control_periods_built`), which any date reads with a filter, and the other building blocks for the day it ran
-- (`*_built` tables, each sorted for the lookups that use it) together with the window of dates in which nothing
-- changes (`build_window`: from the latest interest or outlet date on or before the build day to the next one after
-- it). Each `*_as_of` macro reads its stored table for a date inside that window and computes from the stored
-- holdings for any other date; an empty gate (a cross join with a row that only exists when wanted) lets DuckDB
-- skip the side it does not need at run time, which a plain filter on a subquery's value would not.
-- holdings_computed and controlling_groups_computed, which no query reads, state the rules for one date from the
-- ownership table; tests hold the stored periods equal to them.

-- Paths longer than this many links are cut (and listed by data_quality): real chains are far shorter.
create macro lookthrough_depth_cap() as 20;

-- An effective share summed over several paths, capped at 100 (an unknown share stays unknown, where least()
-- would turn it into 100).
create macro capped_share(share) as case when share > 100 then 100.0 else share end;

-- One row per ownership interest that counts on `as_of` (an ISO date string): started on or before it and not
-- ended by it. Partial dates compare as their first day. Affiliations are not ownership.
create macro interests_as_of(as_of) as table
    select ownership.*
    from ownership
    where ownership.interest <> 'affiliation'
        and (ownership.start_date is null or ownership.start_date <= as_of)
        and (ownership.end_date is null or ownership.end_date > as_of);

-- One row per outlet that exists on `as_of`: founded on or before it (or undated) and not closed by it.
create macro outlets_as_of(as_of) as table
    select outlets.*
    from outlets
    where (outlets.founded is null or outlets.founded <= as_of) and (outlets.closed is null or outlets.closed > as_of);

-- One row per party to a partnership with the party's name, type and country, looked up once at build time: at a
-- million entities, finding 30,000 parties among them costs every partnership view 40 ms.
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

-- One row: the build day and the window of dates around it in which no interest starts or ends and no outlet
-- is founded or closed, so the stored look-through and controlling groups hold for every date inside it.
create table build_window as
    with changes as (
        select start_date as changed_on from ownership
        union select end_date from ownership
        union select founded from outlets
        union select closed from outlets
    ),

    build_day as (
        select strftime(current_date, '%Y-%m-%d') as built_on
    )

    select
        build_day.built_on,
        (select max(changed_on) from changes where changed_on <= build_day.built_on) as valid_from,
        (select min(changed_on) from changes where changed_on > build_day.built_on) as valid_until
    from build_day;

-- Whether the tables stored at build time hold on `as_of`. (The build then redefines it with the dates as literals:
-- see pin_stored_window in build.py.)
create macro stored_for(as_of) as (
    select (build_window.valid_from is null or build_window.valid_from <= as_of)
        and (build_window.valid_until is null or as_of < build_window.valid_until)
    from build_window
);

-- One row per owned entity about which the curated layer claims a shareholding or control (on any date): for
-- these, the other layers' claims are set aside.
create table curated_claims as
    select distinct ownership.owned_id
    from ownership
    where ownership.layer = 'curated' and ownership.interest in ('shareholding', 'control')
    order by ownership.owned_id;

-- One row per shareholding or control interest that look-through and control use on `as_of`: curated claims win
-- over other layers' claims about the same owned entity, and an interest in or by an outlet that does not exist
-- on `as_of` does not count. The rules for one date, stated as a computation over the ownership table:
-- holding_periods_built below holds them for every date, and a test holds the two equal.
create macro holdings_computed(as_of) as table
    with interests as (
        select interests.*
        from interests_as_of(as_of) as interests
        where interests.interest in ('shareholding', 'control')
    ),

    absent_outlets as (
        select outlets.outlet_id from outlets where outlets.founded > as_of or outlets.closed <= as_of
    ),

    counted as (
        select * from interests where interests.layer = 'curated'
        union all
        select * from interests
        where interests.layer <> 'curated' and interests.owned_id not in (select owned_id from curated_claims)
    )

    select counted.*
    from counted
    where counted.owned_id not in (select outlet_id from absent_outlets)
        and counted.owner_id not in (select outlet_id from absent_outlets);

-- One row per shareholding or control interest that look-through and control use on some date, with the dates in
-- which it counts (from `valid_from`, until before `valid_until`; null ends are open): its own start and end,
-- narrowed to the life of its owner and of what it holds where they are outlets. Curated claims win as in
-- holdings_computed, which states the same for one date (a test holds the two equal). Reading any date's holdings
-- is then a filter; stored twice, sorted by owned entity (who holds it) and by owner (what it holds), so one
-- entity's chain reads a few of their row groups.
-- (The counted holdings are staged first: with their number known, DuckDB hashes the outlets to look their lives up,
-- where from its estimate it hashed two million holdings and ran out of the build's memory.)
create temp table counted_holdings as
    select ownership.*
    from ownership
    where ownership.interest in ('shareholding', 'control')
        and (ownership.layer = 'curated' or ownership.owned_id not in (select owned_id from curated_claims));

create table holding_periods_built as
    with narrowed as (
        select
            counted.*,
            greatest(counted.start_date, owner_outlet.founded, owned_outlet.founded) as valid_from,
            least(counted.end_date, owner_outlet.closed, owned_outlet.closed) as valid_until
        from counted_holdings as counted
        left join outlets as owner_outlet on owner_outlet.outlet_id = counted.owner_id
        left join outlets as owned_outlet on owned_outlet.outlet_id = counted.owned_id
    )

    select *
    from narrowed
    where narrowed.valid_from is null or narrowed.valid_until is null or narrowed.valid_from < narrowed.valid_until
    order by narrowed.owned_id;

drop table counted_holdings;

create table holding_periods_by_owner_built as
    select * from holding_periods_built
    order by owner_id;

-- One row per shareholding or control interest that counts on `as_of` (see holdings_computed). When `wanted` is
-- false nothing is read.
create macro holdings_as_of(as_of, wanted := true) as table
    select holdings.* exclude (valid_from, valid_until)
    from (select 1 as open where wanted) as gate, holding_periods_built as holdings
    where (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- The same rows, read from the copy sorted by owner.
create macro holdings_by_owner_as_of(as_of, wanted := true) as table
    select holdings.* exclude (valid_from, valid_until)
    from (select 1 as open where wanted) as gate, holding_periods_by_owner_built as holdings
    where (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- One row per owner→owned pair held on `as_of`. Parallel claims about one pair (a control interest beside a
-- shareholding, one stake reported twice) are one edge with the largest known share, never added up. `owners` is
-- the number of owners of the owned entity and `into_leaf` says whether the owned entity owns nothing itself.
create macro ownership_edges_computed(as_of, wanted := true) as table
    with edges as (
        select
            holdings.owner_id,
            holdings.owned_id,
            max(holdings.share_min) as share_min,
            max(holdings.share_max) as share_max,
            bool_or(holdings.interest = 'control') as has_control
        from holdings_as_of(as_of, wanted := wanted) as holdings
        group by holdings.owner_id, holdings.owned_id
    ),

    owners as (
        select distinct edges.owner_id from edges
    ),

    -- Counted by a grouping joined back: a window over two million edges costs three times as much.
    owner_counts as (
        select edges.owned_id, count(*) as owners from edges group by edges.owned_id
    )

    select
        edges.*,
        owner_counts.owners,
        owners.owner_id is null as into_leaf
    from edges
    join owner_counts on owner_counts.owned_id = edges.owned_id
    left join owners on owners.owner_id = edges.owned_id;

create table ownership_edges_built as
    select * from ownership_edges_computed((select built_on from build_window))
    order by owner_id;

create macro ownership_edges_as_of(as_of, wanted := true) as table
    select ownership_edges_built.*
    from (select 1 as open where wanted and stored_for(as_of)) as gate, ownership_edges_built
    union all
    select * from ownership_edges_computed(as_of, wanted := wanted and not stored_for(as_of));

-- Over the edges into one entity (an aggregate): its majority owner (more than 50% for certain) or an owner with an
-- explicit `control` interest, the largest share first, then by id; failing that, its largest known shareholder if
-- no other owner holds as much (four owners of 25% each: nobody controls); null when neither.
create macro majority_or_largest_owner(owner_id, share_min, has_control) as coalesce(
    arg_min(owner_id, (-coalesce(share_min, -1), owner_id)) filter (where has_control or share_min > 50),
    if(max(share_min, 2)[1] > coalesce(max(share_min, 2)[2], -1), arg_max(owner_id, share_min), null)
);

-- One row per owned entity that has a controlling owner on `as_of`: majority_or_largest_owner of its owners; failing
-- that, a single owner of unknown share.
-- An entity with one owner is controlled by it whatever its share (each rule above says so), so only entities with
-- several owners are grouped: at two million links, most of them have one, and the grouping is most of the cost.
-- (One grouping with arg_min over a sort key: a window function costs several times more.)
create macro controlling_owner_as_of(as_of, wanted := true) as table
    with edges as (
        select * from ownership_edges_as_of(as_of, wanted := wanted)
    ),

    shared as (
        select
            edges.owned_id,
            majority_or_largest_owner(edges.owner_id, edges.share_min, edges.has_control) as owner_id
        from edges
        where edges.owners > 1
        group by edges.owned_id
    )

    select edges.owned_id, edges.owner_id from edges where edges.owners = 1
    union all
    select shared.owned_id, shared.owner_id from shared where shared.owner_id is not null;

-- One row per outlet existing on `as_of` that has a controlling group: the top of its chain of controlling
-- owners. A cycle stops the walk at the last entity before it repeats; the walk also stops at the depth cap.
-- Only entities that control something can lie on a cycle, so the walk starts from those alone and every other
-- outlet takes the top of its controlling owner's walk (a million outlets cost one join, not a million walks).
create macro controlling_groups_computed(as_of, wanted := true) as table
    with recursive controller as (
        select * from controlling_owner_as_of(as_of, wanted := wanted)
    ),

    controllers as (
        select distinct controller.owner_id as entity_id from controller
    ),

    walk(start_id, top_id, depth, visited) as (
        select controller.owned_id, controller.owner_id, 1, [controller.owned_id, controller.owner_id]
        from controller
        semi join controllers on controllers.entity_id = controller.owned_id
        union all
        select walk.start_id, controller.owner_id, walk.depth + 1, list_append(walk.visited, controller.owner_id)
        from walk
        join controller on controller.owned_id = walk.top_id
        where not list_contains(walk.visited, controller.owner_id) and walk.depth < lookthrough_depth_cap()
    ),

    tops as (
        select walk.start_id, arg_max(walk.top_id, walk.depth) as top_id from walk group by walk.start_id
    )

    select
        live.outlet_id,
        coalesce(own_walk.top_id, owner_walk.top_id, controller.owner_id) as group_id
    from outlets_as_of(as_of) as live
    join controller on controller.owned_id = live.outlet_id
    left join tops as own_walk on own_walk.start_id = live.outlet_id
    left join tops as owner_walk on owner_walk.start_id = controller.owner_id;

-- Control on every date at once, stored as periods, so that a date outside the stored window costs a filter instead
-- of the second it takes controlling_groups_computed to walk two million links. These tables follow the same rules
-- as the macros above (a test holds them equal on every date where something changes); the steps are:
--   1. each entity's controlling owner per period (from holding_periods_built): an entity held once is controlled by
--      that holding's owner while it counts; the others' lives are cut where any of their holdings starts or ends,
--      and the rules are applied to each piece;
--   2. the walk to the top from every entity that controls something, each step narrowed to the period in which
--      that link of the chain holds; per piece of time the deepest step reached is the top;
--   3. each outlet's periods: its controller's tops (its own walk's, when it controls something itself, as
--      controlling_groups_computed does). A holding counts only while the outlet it holds exists, so these fall
--      within the outlet's life.
-- Temporary tables hold the steps: they are read more than once and are not needed once the build is done.

-- The pieces of time that the dates `cuts` (in any order, with repeats and nulls) cut all time into, as
-- (valid_from, valid_until) pairs with null for an open end: (null, first), (first, second), ..., (last, null); one
-- piece, (null, null), when there is no date.
create macro pieces_between(cuts) as
    list_zip([null::varchar] || list_sort(list_distinct(cuts)), list_sort(list_distinct(cuts)) || [null::varchar]);

create temp table controller_periods as
    with held as (
        select
            holdings.owned_id,
            count(*) as holdings,
            any_value(holdings.owner_id) as owner_id,
            any_value(holdings.valid_from) as valid_from,
            any_value(holdings.valid_until) as valid_until
        from holding_periods_built as holdings
        group by holdings.owned_id
    ),

    held_more_than_once as (
        select holdings.*
        from holding_periods_built as holdings
        semi join held on held.owned_id = holdings.owned_id and held.holdings > 1
    ),

    pieces as (
        select cut.owned_id, piece[1] as valid_from, piece[2] as valid_until
        from (
            select
                holdings.owned_id,
                unnest(pieces_between(list(holdings.valid_from) || list(holdings.valid_until))) as piece
            from held_more_than_once as holdings
            group by holdings.owned_id
        ) as cut
    ),

    edges as (
        select
            pieces.owned_id,
            pieces.valid_from,
            any_value(pieces.valid_until) as valid_until,
            holdings.owner_id,
            max(holdings.share_min) as share_min,
            bool_or(holdings.interest = 'control') as has_control
        from pieces
        join held_more_than_once as holdings
            on holdings.owned_id = pieces.owned_id
            and (holdings.valid_from is null or holdings.valid_from <= pieces.valid_from)
            and (holdings.valid_until is null or holdings.valid_until >= pieces.valid_until)
        group by pieces.owned_id, pieces.valid_from, holdings.owner_id
    ),

    -- The rules of controlling_owner_as_of, per piece.
    controlled_pieces as (
        select
            edges.owned_id,
            edges.valid_from,
            any_value(edges.valid_until) as valid_until,
            if(
                count(*) = 1,
                any_value(edges.owner_id),
                majority_or_largest_owner(edges.owner_id, edges.share_min, edges.has_control)
            ) as owner_id
        from edges
        group by edges.owned_id, edges.valid_from
    )

    select held.owned_id, held.owner_id, held.valid_from, held.valid_until from held where held.holdings = 1
    union all
    select owned_id, owner_id, valid_from, valid_until from controlled_pieces where owner_id is not null;

-- The walk starts at depth 0 on every entity that controls something, over all time; each step keeps the part of
-- the period in which the next link holds.
create temp table control_walk as
    with recursive walk(start_id, top_id, depth, visited, valid_from, valid_until) as (
        select distinct owner_id, owner_id, 0, [owner_id], null::varchar, null::varchar from controller_periods
        union all
        select
            walk.start_id,
            controller.owner_id,
            walk.depth + 1,
            list_append(walk.visited, controller.owner_id),
            greatest(walk.valid_from, controller.valid_from),
            least(walk.valid_until, controller.valid_until)
        from walk
        join controller_periods as controller
            on controller.owned_id = walk.top_id
            and (walk.valid_from is null or controller.valid_until is null or walk.valid_from < controller.valid_until)
            and (controller.valid_from is null or walk.valid_until is null or controller.valid_from < walk.valid_until)
        where not list_contains(walk.visited, controller.owner_id) and walk.depth < lookthrough_depth_cap()
    )

    select start_id, top_id, depth, valid_from, valid_until from walk;

-- One row per entity that controls something × piece of time: the top of its walk then (itself where nothing
-- controls it, which the outlets' periods below leave out, as they are cut to the outlet's controlled periods).
create temp table control_tops as
    with pieces as (
        select cut.start_id, piece[1] as valid_from, piece[2] as valid_until
        from (
            select walk.start_id, unnest(pieces_between(list(walk.valid_from) || list(walk.valid_until))) as piece
            from control_walk as walk
            group by walk.start_id
        ) as cut
    )

    select
        pieces.start_id,
        pieces.valid_from,
        any_value(pieces.valid_until) as valid_until,
        arg_max(walk.top_id, walk.depth) as top_id
    from pieces
    join control_walk as walk
        on walk.start_id = pieces.start_id
        and (walk.valid_from is null or (pieces.valid_from is not null and walk.valid_from <= pieces.valid_from))
        and (walk.valid_until is null or (pieces.valid_until is not null and walk.valid_until >= pieces.valid_until))
    group by pieces.start_id, pieces.valid_from;

-- One row per outlet × period (from `valid_from`, until before `valid_until`; null ends are open) in which it exists
-- and has the controlling group `group_id`, with the outlet's media type and country: sorted by them, a market's
-- periods are a few of the table's row groups.
create table control_periods_built as
    with controlled_outlets as (
        select
            controller.owned_id as outlet_id,
            outlets.media_type,
            outlets.country,
            controller.owner_id,
            controller.valid_from,
            controller.valid_until
        from controller_periods as controller
        join outlets on outlets.outlet_id = controller.owned_id
    ),

    periods as (
        select
            controlled.outlet_id,
            tops.top_id as group_id,
            greatest(controlled.valid_from, tops.valid_from) as valid_from,
            least(controlled.valid_until, tops.valid_until) as valid_until,
            controlled.media_type,
            controlled.country
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.owner_id
        where controlled.outlet_id not in (select start_id from control_tops)
        union all
        select
            controlled.outlet_id,
            tops.top_id,
            greatest(controlled.valid_from, tops.valid_from),
            least(controlled.valid_until, tops.valid_until),
            controlled.media_type,
            controlled.country
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.outlet_id
    )

    select *
    from periods
    where periods.valid_from is null or periods.valid_until is null or periods.valid_from < periods.valid_until
    order by periods.media_type, periods.country, periods.outlet_id;

-- One row per entity that is an outlet's controlling group on some date, with its name: the groups of another date
-- are named from these 30,000 rows rather than from a million entities.
create table group_names_built as
    select entities.entity_id as group_id, entities.name as group_name
    from entities
    semi join control_periods_built as periods on periods.group_id = entities.entity_id
    order by group_id;

drop table controller_periods;
drop table control_walk;
drop table control_tops;

-- One row per outlet existing on `as_of` that has a controlling group (see controlling_groups_computed), read from
-- its period in control_periods_built; only outlets in `countries` and of `media_types` unless they are empty.
-- When `wanted` is false nothing is read.
create macro controlling_groups_as_of(as_of, wanted := true, countries := [], media_types := []) as table
    select periods.outlet_id, periods.group_id
    from (select 1 as open where wanted) as gate, control_periods_built as periods
    where (periods.valid_from is null or periods.valid_from <= as_of)
        and (periods.valid_until is null or periods.valid_until > as_of)
        and (len(countries) = 0 or periods.country = any(countries))
        and (len(media_types) = 0 or periods.media_type = any(media_types));

-- One row per controlling group on `as_of`: how many outlets it controls, with its name and country.
create macro group_sizes_computed(as_of, wanted := true) as table
    with controlled as (
        select controlling.group_id, count(*) as outlets
        from controlling_groups_as_of(as_of, wanted := wanted) as controlling
        group by controlling.group_id
    )

    select controlled.group_id, entities.name as group_name, entities.country, controlled.outlets
    from controlled
    join entities on entities.entity_id = controlled.group_id;

create table group_sizes_built as
    select * from group_sizes_computed((select built_on from build_window))
    order by group_id;

create macro group_sizes_as_of(as_of) as table
    select group_sizes_built.*
    from (select 1 as open where stored_for(as_of)) as gate, group_sizes_built
    union all
    select * from group_sizes_computed(as_of, wanted := not stored_for(as_of));

-- One row per simple path (no entity twice) of at most lookthrough_depth_cap() links from an owner down to an
-- entity that itself owns something, on `as_of`: its depth, its effective share (the product of its shares;
-- unknown when any share on it is unknown) and `visited`, the path's entities from the top. Only these paths can
-- run into a cycle; data_quality reads cycles and cut paths from here.
create macro owner_paths_as_of(as_of, wanted := true) as table
    with recursive edges_into_owners as (
        select edges.* from ownership_edges_as_of(as_of, wanted := wanted) as edges where not edges.into_leaf
    ),

    owner_paths(owner_id, owned_id, depth, effective_min, effective_max, visited) as (
        select owner_id, owned_id, 1, share_min, share_max, [owner_id, owned_id]
        from edges_into_owners
        union all
        select
            edges.owner_id,
            owner_paths.owned_id,
            owner_paths.depth + 1,
            edges.share_min * owner_paths.effective_min / 100,
            edges.share_max * owner_paths.effective_max / 100,
            list_prepend(edges.owner_id, owner_paths.visited)
        from owner_paths
        join edges_into_owners as edges on edges.owned_id = owner_paths.owner_id
        where not list_contains(owner_paths.visited, edges.owner_id) and owner_paths.depth < lookthrough_depth_cap()
    )

    select * from owner_paths;

-- One row per (owner, owned) pair of entities that both own something, joined by at least one path on `as_of`:
-- the effective share summed over the paths (not yet capped at 100; unknown when any path's share is unknown),
-- the shortest path's depth, the number of paths and the longest one's depth (the depth cap when a path was cut).
create macro owner_closure_computed(as_of, wanted := true) as table
    select
        paths.owner_id,
        paths.owned_id,
        if(count(paths.effective_min) = count(*), sum(paths.effective_min), null) as effective_min,
        if(count(paths.effective_max) = count(*), sum(paths.effective_max), null) as effective_max,
        min(paths.depth) as depth,
        count(*) as paths,
        max(paths.depth) as longest
    from owner_paths_as_of(as_of, wanted := wanted) as paths
    group by paths.owner_id, paths.owned_id;

-- Stored twice: sorted by owner for what an entity holds, by owned entity for who holds it.
create table owner_closure_built as
    select * from owner_closure_computed((select built_on from build_window))
    order by owner_id;

create table owner_closure_by_owned_built as
    select * from owner_closure_built
    order by owned_id;

create macro owner_closure_as_of(as_of, wanted := true) as table
    select owner_closure_built.*
    from (select 1 as open where wanted and stored_for(as_of)) as gate, owner_closure_built
    union all
    select * from owner_closure_computed(as_of, wanted := wanted and not stored_for(as_of));

-- The same rows as owner_closure_as_of, read from the copy sorted by owned entity where it is stored.
create macro owner_closure_by_owned_as_of(as_of) as table
    select owner_closure_by_owned_built.*
    from (select 1 as open where stored_for(as_of)) as gate, owner_closure_by_owned_built
    union all
    select * from owner_closure_computed(as_of, wanted := not stored_for(as_of));

-- One row per path on `as_of` that ends with a link into an entity that owns nothing (an outlet, mostly), starting
-- at `owner` when given: that link alone, or a path among owners (owner_closure, summed already) extended by it.
-- `shared` picks the entities with more than one owner (whose paths from one owner may need adding up) or the rest.
create macro leaf_paths_as_of(as_of, wanted, owner, shared) as table
    with closure as (
        select closure.*
        from owner_closure_as_of(as_of, wanted := wanted) as closure
        where owner is null or closure.owner_id = owner
    ),

    leaves as (
        select edges.*
        from ownership_edges_as_of(as_of, wanted := wanted) as edges
        where edges.into_leaf and (edges.owners > 1) = shared
    )

    select owner_id, owned_id, share_min as effective_min, share_max as effective_max, 1 as depth, 1 as paths
    from leaves
    where owner is null or leaves.owner_id = owner
    union all
    select
        closure.owner_id,
        leaves.owned_id,
        closure.effective_min * leaves.share_min / 100,
        closure.effective_max * leaves.share_max / 100,
        closure.depth + 1,
        closure.paths
    from closure
    join leaves on leaves.owner_id = closure.owned_id;

-- One row per outlet as the tables list it: its columns with its country's name, its source and its controlling
-- group on the build day (outlets that do not exist on the build day have none), plus what filters test: the first
-- day it exists and the first day it no longer does (open ends as -infinity/infinity, so both are plain range
-- tests), its founding year and its search text. Stored sorted by media type, country and founding year: a filter
-- on them then skips most of the table by its min/max statistics, and a million outlets need no join at run time.
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
    left join controlling_groups_as_of((select built_on from build_window)) as controlling
        on controlling.outlet_id = outlets.outlet_id
    -- The groups' names from their 28,000 sizes rather than from 1.35M entities.
    left join group_sizes_built as group_entity on group_entity.group_id = controlling.group_id
    left join countries on countries.code = outlets.country
    left join sources on sources.source_id = outlets.source_id
    order by outlets.media_type, outlets.country, founded_year, outlets.outlet_id;

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
-- the build day only: outlet_rows_as_of has them for any day).
create macro outlet_rows_existing(as_of) as table
    select outlet_rows_built.* exclude (group_id, group_name)
    from outlet_rows_built
    where outlet_rows_built.exists_from <= first_day(as_of) and outlet_rows_built.exists_until > first_day(as_of);

-- One row per country × media type with outlets on `as_of` (a null country or type is a value of its own): how
-- many. Stored for the build day, so the filters' counts per country and type read a thousand rows, not a million.
create macro outlet_counts_computed(as_of, wanted := true) as table
    select outlets.country, outlets.media_type, count(*) as outlets
    from (select 1 as open where wanted) as gate, outlet_rows_existing(as_of) as outlets
    group by outlets.country, outlets.media_type;

create table outlet_counts_built as
    select * from outlet_counts_computed((select built_on from build_window))
    order by country, media_type;

create macro outlet_counts_as_of(as_of) as table
    select outlet_counts_built.*
    from (select 1 as open where stored_for(as_of)) as gate, outlet_counts_built
    union all
    select * from outlet_counts_computed(as_of, wanted := not stored_for(as_of));

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
        and (coalesce(q, '') = '' or outlets.search_text like '%' || normalise_text(q) || '%');

-- One row per (owner, owned) pair joined by at least one path of holdings on `as_of` (only pairs whose owner is
-- `owner`, when given): the effective share summed over every simple path (the product of the shares along it;
-- mins summed, maxes summed, capped at 100; unknown when any path's share is unknown), the shortest path's depth
-- and the number of paths.
-- An entity that owns nothing cannot lie on a cycle, so the paths among owners are walked once (owner_closure) and
-- each holding of an entity that owns nothing just extends them: a million outlets cost one join, not a million
-- walks. The depth cap applies to the walk among owners; that last link comes on top of it. Only an entity held
-- by more than one owner can be reached by more than one path from one owner, so only those pairs are summed.
create macro lookthrough_computed(as_of, wanted := true, owner := null) as table
    with pairs as (
        select closure.owner_id, closure.owned_id, closure.effective_min, closure.effective_max, closure.depth,
            closure.paths
        from owner_closure_as_of(as_of, wanted := wanted) as closure
        where owner is null or closure.owner_id = owner
        union all
        select * from leaf_paths_as_of(as_of, wanted, owner, false)
        union all
        select
            shared.owner_id,
            shared.owned_id,
            if(count(shared.effective_min) = count(*), sum(shared.effective_min), null),
            if(count(shared.effective_max) = count(*), sum(shared.effective_max), null),
            min(shared.depth),
            sum(shared.paths)::bigint
        from leaf_paths_as_of(as_of, wanted, owner, true) as shared
        group by shared.owner_id, shared.owned_id
    )

    select
        owner_id,
        owned_id,
        capped_share(effective_min) as effective_min,
        capped_share(effective_max) as effective_max,
        depth,
        paths
    from pairs;

-- One row per (owner, owned) pair joined by at least one path on `as_of` (see lookthrough_computed). Not stored:
-- at a million outlets it has over ten million rows, which take longer to write than to compute from the stored
-- closure and edges.
create macro lookthrough_as_of(as_of, owner := null) as table
    select * from lookthrough_computed(as_of, owner := owner);

-- One row per country × media type with outlets on `as_of` (only `countries` and `media_types` when those lists
-- are not empty): how concentrated its ownership is. Each outlet counts for its controlling group, or as its own
-- group when it has none. The basis is the audience share where `audience` covers the market (its `market` is the
-- country code) in a period that started on or before `as_of` and not before the previous calendar year (the
-- latest such period is used); otherwise each group's share of the market's outlets. CR4 is the four largest
-- groups' shares added up, HHI the sum of every group's squared share (0–10,000); the risk band is the Media
-- Ownership Monitor's for CR4: below 25 low, below 50 medium, else high.
-- Another date's groups are joined to the market's outlets only (an outlet has one period on a date), not grouped
-- per outlet first as outlet_rows_as_of does for every outlet.
create macro market_concentration(as_of, countries, media_types) as table
    with grouped as (
        select
            outlets.outlet_id,
            outlets.country,
            outlets.media_type,
            coalesce(if(stored_for(as_of), outlets.group_id, controlling.group_id), outlets.outlet_id) as group_id
        from outlet_rows_built as outlets
        left join controlling_groups_as_of(
            as_of, wanted := not stored_for(as_of), countries := countries, media_types := media_types
        ) as controlling
            on controlling.outlet_id = outlets.outlet_id
        where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
            and outlets.country is not null
            and (len(countries) = 0 or outlets.country = any(countries))
            and (len(media_types) = 0 or outlets.media_type = any(media_types))
    ),

    audience_in_markets as (
        select grouped.country, grouped.media_type, grouped.outlet_id, audience.period, audience.share_pct
        from audience
        join grouped on grouped.outlet_id = audience.outlet_id and grouped.country = audience.market
        where audience.period <= as_of
            and try_cast(left(audience.period, 4) as integer) >= try_cast(left(as_of, 4) as integer) - 1
    ),

    audience_periods as (
        select audience_in_markets.country, audience_in_markets.media_type, max(audience_in_markets.period) as period
        from audience_in_markets
        group by audience_in_markets.country, audience_in_markets.media_type
    ),

    group_sizes as (
        select
            grouped.country,
            grouped.media_type,
            grouped.group_id,
            count(*) as outlets,
            any_value(audience_periods.period) as audience_period,
            coalesce(sum(audience_in_markets.share_pct), 0) as audience_share
        from grouped
        left join audience_periods
            on audience_periods.country = grouped.country and audience_periods.media_type = grouped.media_type
        left join audience_in_markets
            on audience_in_markets.outlet_id = grouped.outlet_id and audience_in_markets.period = audience_periods.period
        group by grouped.country, grouped.media_type, grouped.group_id
    ),

    market_totals as (
        select group_sizes.country, group_sizes.media_type, sum(group_sizes.outlets) as market_outlets
        from group_sizes
        group by group_sizes.country, group_sizes.media_type
    ),

    group_shares as (
        select
            group_sizes.*,
            if(
                group_sizes.audience_period is null,
                100.0 * group_sizes.outlets / market_totals.market_outlets,
                group_sizes.audience_share
            ) as share
        from group_sizes
        join market_totals
            on market_totals.country = group_sizes.country and market_totals.media_type = group_sizes.media_type
    ),

    -- The four largest groups of a market are kept while grouping (largest share first, then by id): numbering every
    -- group of every market with a window sorts a quarter of a million rows at a million outlets.
    markets as (
        select
            group_shares.country,
            group_shares.media_type,
            any_value(group_shares.audience_period) as audience_period,
            sum(group_shares.outlets)::bigint as outlets,
            count(*) as groups,
            round(list_sum(max(group_shares.share, 4)), 2) as cr4,
            round(sum(group_shares.share * group_shares.share), 2) as hhi,
            arg_min(group_shares.group_id, (-group_shares.share, group_shares.group_id), 4) as largest
        from group_shares
        group by group_shares.country, group_shares.media_type
    ),

    -- Names are looked up for the four largest groups of each market only.
    top_groups as (
        with largest as (
            select
                markets.country,
                markets.media_type,
                unnest(markets.largest) as group_id,
                unnest(range(1, len(markets.largest) + 1)) as rank
            from markets
        )

        select
            largest.country,
            largest.media_type,
            string_agg(entities.name || ' ' || round(group_shares.share, 1) || '%', '; ' order by largest.rank) as names
        from largest
        join group_shares
            on group_shares.country = largest.country
            and group_shares.media_type = largest.media_type
            and group_shares.group_id = largest.group_id
        join entities on entities.entity_id = largest.group_id
        group by largest.country, largest.media_type
    )

    select
        markets.country,
        countries.name as country_name,
        markets.media_type,
        if(markets.audience_period is null, 'outlet count', 'audience share') as basis,
        markets.outlets,
        markets.groups,
        markets.cr4,
        markets.hhi,
        case when markets.cr4 < 25 then 'low' when markets.cr4 < 50 then 'medium' else 'high' end as risk_band,
        top_groups.names as top_groups,
        markets.audience_period
    from markets
    join top_groups on top_groups.country = markets.country and top_groups.media_type = markets.media_type
    left join countries on countries.code = markets.country;
