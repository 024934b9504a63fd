-- A share above this (percent, for certain: the lower end of a range) controls.
create macro control_majority() as 50;

-- Over the edges into one entity (an aggregate): its majority owner (more than 50% for certain) or an owner with an
-- explicit `control` interest, the largest share first, then by id; failing that, its largest known shareholder if
-- no other owner holds as much (four owners of 25% each: nobody controls); null when neither.
create macro majority_or_largest_owner(owner_id, share_min, has_control) as coalesce(
    arg_min(owner_id, (-coalesce(share_min, -1), owner_id)) filter (where has_control or share_min > control_majority()),
    if(max(share_min, 2)[1] > coalesce(max(share_min, 2)[2], -1), arg_max(owner_id, share_min), null)
);

-- One row per owned entity that has a controlling owner on `as_of`: majority_or_largest_owner of its owners; failing
-- that, a single owner of unknown share. Dispersed holders (free float) never control and are left out, as if their
-- shares were held by nobody.
-- An entity with one owner is controlled by it whatever its share (each rule above says so), so only entities with
-- several owners are grouped: at two million links, most of them have one, and the grouping is most of the cost.
-- (One grouping with arg_min over a sort key: a window function costs several times more.)
create macro controlling_owner_as_of(as_of, wanted := true) as table
    with edges as (
        select * from ownership_edges_as_of(as_of, wanted := wanted) as edges where not edges.owner_dispersed
    ),

    shared as (
        select
            edges.owned_id,
            majority_or_largest_owner(edges.owner_id, edges.share_min, edges.has_control) as owner_id
        from edges
        where edges.controlling_owners > 1
        group by edges.owned_id
    )

    select edges.owned_id, edges.owner_id from edges where edges.controlling_owners = 1
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
--   1. each entity's controlling owner per period (from holding_periods): an entity held once is controlled by
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
    with controlling_holdings as (
        select holdings.*
        from holding_periods as holdings
        anti join dispersed_holders as dispersed on dispersed.entity_id = holdings.owner_id
    ),

    held as (
        select
            holdings.owned_id,
            count(*) as holdings,
            any_value(holdings.owner_id) as owner_id,
            any_value(holdings.valid_from) as valid_from,
            any_value(holdings.valid_until) as valid_until
        from controlling_holdings as holdings
        group by holdings.owned_id
    ),

    held_more_than_once as (
        select holdings.*
        from controlling_holdings as holdings
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
-- and has the controlling group `group_id`. The outlets' stored rows (model/listings.sql) hold these periods.
create temp table group_periods as
    with controlled_outlets as (
        select controller.owned_id as outlet_id, controller.owner_id, controller.valid_from, controller.valid_until
        from controller_periods as controller
        semi join outlets on outlets.outlet_id = controller.owned_id
    ),

    periods as (
        select
            controlled.outlet_id,
            tops.top_id as group_id,
            greatest(controlled.valid_from, tops.valid_from) as valid_from,
            least(controlled.valid_until, tops.valid_until) as valid_until
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.owner_id
        where controlled.outlet_id not in (select start_id from control_tops)
        union all
        select
            controlled.outlet_id,
            tops.top_id,
            greatest(controlled.valid_from, tops.valid_from),
            least(controlled.valid_until, tops.valid_until)
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.outlet_id
    )

    select *
    from periods
    where periods.valid_from is null or periods.valid_until is null or periods.valid_from < periods.valid_until;

drop table controller_periods;
drop table control_walk;
drop table control_tops;
