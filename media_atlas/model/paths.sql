-- The entities that own something on some date: paths are walked among them once, for every date; an entity that
-- never owns anything can only end a path.
create view ever_owners as
    select distinct holdings.owner_id as entity_id
    from holding_periods_by_owner as holdings;

-- The same entities numbered in the order of their ids, for the walk: the millions of paths are joined and grouped
-- by number (integers hash and sort cheaper than ids), and sorted by number they are sorted by id.
create temp table owner_numbers as
    select ever_owners.entity_id, (row_number() over (order by ever_owners.entity_id))::integer as number
    from ever_owners;

-- Each row of the table `periods` (owner_id, owned_id, valid_from, valid_until: from `valid_from`, until before
-- `valid_until`; null ends are open) once for each span of its pair's in which it holds, the span as its valid_from
-- and valid_until: a pair's spans are cut at every date one of its rows starts or ends, so on any date at most one of
-- a pair's spans holds, and grouping by pair and span gives the pair's rows on every date. A pair whose rows all
-- hold in one period (most) keeps it.
create macro in_spans(periods) as table
    -- '' and '~' stand for the open ends: they sort before and after every date.
    with dated as (
        select *, coalesce(valid_from, '') as span_start, coalesce(valid_until, '~') as span_end
        from query_table(periods)
    ),

    split_pairs as (
        select dated.owner_id, dated.owned_id
        from dated
        group by all
        having min(dated.span_start) <> max(dated.span_start) or min(dated.span_end) <> max(dated.span_end)
    ),

    bounds as (
        select dated.owner_id, dated.owned_id, dated.span_start as bound
        from dated semi join split_pairs using (owner_id, owned_id)
        union
        select dated.owner_id, dated.owned_id, dated.span_end
        from dated semi join split_pairs using (owner_id, owned_id)
    ),

    spans as (
        select bounds.owner_id, bounds.owned_id, bounds.bound as span_start,
            lead(bounds.bound) over (partition by bounds.owner_id, bounds.owned_id order by bounds.bound) as span_end
        from bounds
    )

    select dated.* exclude (span_start, span_end)
    from dated anti join split_pairs using (owner_id, owned_id)
    union all
    select dated.* exclude (span_start, span_end) replace (
        nullif(spans.span_start, '') as valid_from, nullif(spans.span_end, '~') as valid_until
    )
    from dated
    join spans on spans.owner_id = dated.owner_id and spans.owned_id = dated.owned_id
        and dated.span_start <= spans.span_start and dated.span_end >= spans.span_end;

create temp table holdings_into_owners as
    select holdings.* from holding_periods as holdings where holdings.into_owner;

-- One row per owner→owned pair of entities that own something on some date and span in which its holdings do not
-- change (see in_spans): the largest known shares of its claims then (parallel claims are one edge, never added
-- up). The walk among owners reads these once, for every date.
create view owner_edge_periods as
    select spanned.owner_id, spanned.owned_id, spanned.valid_from, spanned.valid_until,
        max(spanned.share_min) as share_min, max(spanned.share_max) as share_max
    from in_spans('holdings_into_owners') as spanned
    group by all;

-- One row per claim held on `as_of` in an entity that never owns anything, and whether that entity has had more than
-- one claim held in it (`shared`: look-through merges one owner's claims in it into one link, their largest shares;
-- any other's one claim is its link). Read from the holdings sorted by owner when `by_owner`, so a filter on the owner
-- reads a few row groups.
create macro leaf_claims_as_of(as_of, by_owner := false) as table
    select holdings.owner_id, holdings.owned_id, holdings.share_min, holdings.share_max,
        holdings.claims_in_owned > 1 as shared
    from holding_periods as holdings
    where not by_owner and not holdings.into_owner
        and (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of)
    union all
    select holdings.owner_id, holdings.owned_id, holdings.share_min, holdings.share_max,
        holdings.claims_in_owned > 1 as shared
    from holding_periods_by_owner as holdings
    where by_owner and not holdings.into_owner
        and (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- One row per simple path (no entity twice) of at most lookthrough_depth_cap() links from an owner down to an
-- entity that owns something on some date, with the period in which every link on it holds: its depth, its
-- effective share (the product of its shares; unknown when any share on it is unknown) and `cut`: it has
-- lookthrough_depth_cap() links and goes on, at its top or its bottom, in that period, so the walk stopped there.
-- Paths are walked once, for every date, between the owners' numbers.
create temp table owner_walk as
    with recursive edges_into_owners as (
        select owner.number as owner_id, owned.number as owned_id, edges.share_min, edges.share_max,
            coalesce(edges.valid_from, '') as valid_from, coalesce(edges.valid_until, '~') as valid_until
        from owner_edge_periods as edges
        join owner_numbers as owner on owner.entity_id = edges.owner_id
        join owner_numbers as owned on owned.entity_id = edges.owned_id
    ),

    owner_paths(owner_id, owned_id, depth, effective_min, effective_max, valid_from, valid_until, visited) as (
        select owner_id, owned_id, 1, share_min, share_max, valid_from, valid_until, [owner_id, owned_id]
        from edges_into_owners
        union all
        select
            edges.owner_id,
            owner_paths.owned_id,
            owner_paths.depth + 1,
            edges.share_min * owner_paths.effective_min / 100,
            edges.share_max * owner_paths.effective_max / 100,
            greatest(edges.valid_from, owner_paths.valid_from),
            least(edges.valid_until, owner_paths.valid_until),
            list_prepend(edges.owner_id, owner_paths.visited)
        from owner_paths
        join edges_into_owners as edges on edges.owned_id = owner_paths.owner_id
            and edges.valid_from < owner_paths.valid_until and edges.valid_until > owner_paths.valid_from
        where not list_contains(owner_paths.visited, edges.owner_id) and owner_paths.depth < lookthrough_depth_cap()
    ),

    capped as (
        select owner_paths.* from owner_paths where owner_paths.depth = lookthrough_depth_cap()
    ),

    cut_paths as (
        select distinct capped.visited
        from capped
        join edges_into_owners as edges
            on (edges.owned_id = capped.owner_id and not list_contains(capped.visited, edges.owner_id))
            or (edges.owner_id = capped.owned_id and not list_contains(capped.visited, edges.owned_id))
        where edges.valid_from < capped.valid_until and edges.valid_until > capped.valid_from
    )

    select
        owner_paths.owner_id,
        owner_paths.owned_id,
        nullif(owner_paths.valid_from, '') as valid_from,
        nullif(owner_paths.valid_until, '~') as valid_until,
        owner_paths.effective_min,
        owner_paths.effective_max,
        owner_paths.depth,
        cut_paths.visited is not null as cut
    from owner_paths
    left join cut_paths on cut_paths.visited = owner_paths.visited and owner_paths.depth = lookthrough_depth_cap();

-- One row per pair of entities that own something on some date and span in which the paths joining them do not
-- change (see in_spans): the effective share summed over the paths (not yet capped at 100; unknown when any path's
-- share is unknown), the shortest path's depth, the number of paths, the longest one's depth and whether a path
-- was cut at the depth cap. Stored twice, sorted by owner and by owned entity, so any date's look-through of one
-- entity reads a few row groups.
create temp table owner_closure_numbered as
    select
        spanned.owner_id as owner_number,
        spanned.owned_id as owned_number,
        spanned.valid_from,
        spanned.valid_until,
        if(count(spanned.effective_min) = count(*), sum(spanned.effective_min), null) as effective_min,
        if(count(spanned.effective_max) = count(*), sum(spanned.effective_max), null) as effective_max,
        min(spanned.depth) as depth,
        count(*) as paths,
        max(spanned.depth) as longest,
        bool_or(spanned.cut) as cut
    from in_spans('owner_walk') as spanned
    group by spanned.owner_id, spanned.owned_id, spanned.valid_from, spanned.valid_until;

drop table owner_walk;

-- The rows of owner_closure_numbered with the owners' ids beside their numbers (sorted by number, they are sorted by
-- id).
create view owner_closure as
    select owner.entity_id as owner_id, owned.entity_id as owned_id, closure.*
    from owner_closure_numbered as closure
    join owner_numbers as owner on owner.number = closure.owner_number
    join owner_numbers as owned on owned.number = closure.owned_number;

-- The same rows, which the build stores again sorted by owned entity (see STORED).
create view owner_closure_by_owned as
    select * from owner_closure;

-- One row per (owner, owned) pair of entities that own something on some date, joined by at least one path on
-- `as_of` (see owner_closure), read from the copy sorted by owned entity when `by_owned`, so a filter on it
-- reads a few row groups.
create macro owner_closure_as_of(as_of, by_owned := false) as table
    select closure.* exclude (valid_from, valid_until, owner_number, owned_number)
    from owner_closure as closure
    where not by_owned and (closure.valid_from is null or closure.valid_from <= as_of)
        and (closure.valid_until is null or closure.valid_until > as_of)
    union all
    select closure.* exclude (valid_from, valid_until, owner_number, owned_number)
    from owner_closure_by_owned as closure
    where by_owned and (closure.valid_from is null or closure.valid_from <= as_of)
        and (closure.valid_until is null or closure.valid_until > as_of);
