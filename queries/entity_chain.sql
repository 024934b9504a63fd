-- One row per ownership interest (shareholding or control) in $entity_id's chain on $as_of: 'up' the interests on
-- the paths from its ultimate owners down to it, 'down' those on the paths from it to everything it holds.
-- params: $entity_id, $as_of
-- depth is the owner's distance from $entity_id (up) or the owned entity's (down), by the shortest path;
-- effective_* is the owner's effective share in $entity_id (up) or $entity_id's in the owned entity (down), summed
-- over every simple path as in lookthrough.
-- Inside the build's stored window the chain is read from the stored closure and edges, each sorted for the
-- lookup, so it stays fast among millions of links; for any other date it walks the holdings of that date from
-- $entity_id up and down. stored_for() is a constant, so each query plans only one of the two ways.
with recursive holdings_by_owned as not materialized (
    select * from holdings_as_of($as_of)
),

holdings_by_owner as not materialized (
    select * from holdings_by_owner_as_of($as_of)
),

-- What the walks of another date read: empty inside the stored window, where DuckDB would otherwise hash every holding
-- for a walk that has no first step.
walked_by_owned as not materialized (
    select * from holdings_as_of($as_of, wanted := not stored_for($as_of))
),

walked_by_owner as not materialized (
    select * from holdings_by_owner_as_of($as_of, wanted := not stored_for($as_of))
),

stored_direct_owners as (
    select holdings.owner_id, max(holdings.share_min) as share_min, max(holdings.share_max) as share_max
    from holdings_by_owned as holdings
    where stored_for($as_of) and holdings.owned_id = $entity_id
    group by holdings.owner_id
),

stored_closure_up as (
    select owner_closure_by_owned_built.*
    from owner_closure_by_owned_built
    semi join (
        select $entity_id as entity_id
        union all
        select owner_id from stored_direct_owners
    ) as ends on ends.entity_id = owner_closure_by_owned_built.owned_id
    where stored_for($as_of)
),

stored_closure_down as (
    select owner_closure_built.*
    from owner_closure_built
    where stored_for($as_of) and owner_closure_built.owner_id = $entity_id
),

-- Every path to an entity that owns something runs among owners, so the closure holds them whole; every path to one
-- that owns nothing ends with a link from one of its direct owners (as in lookthrough_computed).
stored_paths_up as (
    select stored_closure_up.owner_id, stored_closure_up.effective_min, stored_closure_up.effective_max,
        stored_closure_up.depth
    from stored_closure_up
    where stored_closure_up.owned_id = $entity_id
    union all
    select stored_direct_owners.owner_id, stored_direct_owners.share_min, stored_direct_owners.share_max, 1
    from stored_direct_owners
    where not exists (select 1 from ownership_edges_built as held where held.owner_id = $entity_id)
    union all
    select
        stored_closure_up.owner_id,
        stored_closure_up.effective_min * stored_direct_owners.share_min / 100,
        stored_closure_up.effective_max * stored_direct_owners.share_max / 100,
        stored_closure_up.depth + 1
    from stored_closure_up
    join stored_direct_owners on stored_direct_owners.owner_id = stored_closure_up.owned_id
    where not exists (select 1 from ownership_edges_built as held where held.owner_id = $entity_id)
),

stored_paths_down as (
    select stored_closure_down.owned_id, stored_closure_down.effective_min, stored_closure_down.effective_max,
        stored_closure_down.depth
    from stored_closure_down
    union all
    select edges.owned_id, edges.share_min, edges.share_max, 1
    from ownership_edges_built as edges
    where stored_for($as_of) and edges.owner_id = $entity_id and edges.into_leaf
    union all
    select
        edges.owned_id,
        stored_closure_down.effective_min * edges.share_min / 100,
        stored_closure_down.effective_max * edges.share_max / 100,
        stored_closure_down.depth + 1
    from stored_closure_down
    join ownership_edges_built as edges on edges.owner_id = stored_closure_down.owned_id
    where edges.into_leaf
),

-- Any other date: walk the holdings of $as_of, one edge per pair (the largest known shares), no entity twice.
walk_up(owner_id, owned_id, depth, effective_min, effective_max, visited) as (
    select owner_id, owned_id, 1, max(share_min), max(share_max), [owned_id, owner_id]
    from walked_by_owned
    where owned_id = $entity_id
    group by owner_id, owned_id
    union all
    select
        holdings.owner_id,
        holdings.owned_id,
        walk_up.depth + 1,
        max(holdings.share_min) * walk_up.effective_min / 100,
        max(holdings.share_max) * walk_up.effective_max / 100,
        list_append(walk_up.visited, holdings.owner_id)
    from walk_up
    join walked_by_owned as holdings on holdings.owned_id = walk_up.owner_id
    where not list_contains(walk_up.visited, holdings.owner_id) and walk_up.depth < lookthrough_depth_cap()
    group by holdings.owner_id, holdings.owned_id, walk_up.depth, walk_up.effective_min, walk_up.effective_max,
        walk_up.visited
),

walk_down(owner_id, owned_id, depth, effective_min, effective_max, visited) as (
    select owner_id, owned_id, 1, max(share_min), max(share_max), [owner_id, owned_id]
    from walked_by_owner
    where owner_id = $entity_id
    group by owner_id, owned_id
    union all
    select
        holdings.owner_id,
        holdings.owned_id,
        walk_down.depth + 1,
        walk_down.effective_min * max(holdings.share_min) / 100,
        walk_down.effective_max * max(holdings.share_max) / 100,
        list_append(walk_down.visited, holdings.owned_id)
    from walk_down
    join walked_by_owner as holdings on holdings.owner_id = walk_down.owned_id
    where not list_contains(walk_down.visited, holdings.owned_id) and walk_down.depth < lookthrough_depth_cap()
    group by holdings.owner_id, holdings.owned_id, walk_down.depth, walk_down.effective_min, walk_down.effective_max,
        walk_down.visited
),

paths as (
    select 'up' as direction, owner_id as entity_id, effective_min, effective_max, depth from stored_paths_up
    union all
    select 'down', owned_id, effective_min, effective_max, depth from stored_paths_down
    union all
    select 'up', owner_id, effective_min, effective_max, depth from walk_up
    union all
    select 'down', owned_id, effective_min, effective_max, depth from walk_down
),

reach as (
    select
        paths.direction,
        paths.entity_id,
        if(count(paths.effective_min) = count(*), capped_share(sum(paths.effective_min)), null) as effective_min,
        if(count(paths.effective_max) = count(*), capped_share(sum(paths.effective_max)), null) as effective_max,
        min(paths.depth) as depth
    from paths
    group by paths.direction, paths.entity_id
),

up_ends as (
    select $entity_id as entity_id
    union all
    select entity_id from reach where direction = 'up'
),

-- What $entity_id holds through others is held by $entity_id or by an owner below it (never by an outlet that
-- owns nothing), so a few owners' rows are read.
down_owners as (
    select $entity_id as entity_id
    union all
    select owned_id from stored_closure_down
    union all
    select owned_id from walk_down
),

-- Up: the interests an owner holds in $entity_id or in another owner. Down: those $entity_id, or an owner below
-- it, holds in something $entity_id holds.
edges as (
    select 'up' as direction, holdings.owner_id as reached_id, holdings.*
    from holdings_by_owned as holdings
    semi join up_ends on up_ends.entity_id = holdings.owned_id
    semi join reach on reach.direction = 'up' and reach.entity_id = holdings.owner_id
    union all
    select 'down', holdings.owned_id, holdings.*
    from holdings_by_owner as holdings
    semi join down_owners on down_owners.entity_id = holdings.owner_id
    semi join reach on reach.direction = 'down' and reach.entity_id = holdings.owned_id
),

final as (
    select
        edges.direction,
        reach.depth,
        edges.owner_id,
        owner.name as owner_name,
        owner.entity_type as owner_type,
        edges.owned_id,
        owned.name as owned_name,
        owned.entity_type as owned_type,
        edges.interest,
        edges.share_min,
        edges.share_max,
        reach.effective_min,
        reach.effective_max,
        sources.url as source_url,
        edges.start_date,
        edges.end_date,
        edges.source_id,
        sources.publisher as source_publisher,
        edges.layer
    from edges
    join reach on reach.direction = edges.direction and reach.entity_id = edges.reached_id
    join entities as owner on owner.entity_id = edges.owner_id
    join entities as owned on owned.entity_id = edges.owned_id
    left join sources on sources.source_id = edges.source_id
)

select * from final
order by direction desc, depth, owner_name, owned_name, interest
