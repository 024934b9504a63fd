-- One row per ownership interest (shareholding or control) in $entity_id's chain on $as_of: 'up' the interests on
-- the paths from its ultimate owners down to it, 'down' those on the paths from it to everything it holds.
-- params: $entity_id, $as_of
-- depth is the owner's distance from $entity_id (up) or the owned entity's (down), by the shortest path;
-- effective_* is the owner's effective share in $entity_id (up) or $entity_id's in the owned entity (down).
-- Everything starts from $entity_id's own rows in tables sorted for it, so one chain reads a few row groups
-- even among millions of links.
with holdings as (
    select * from holdings_as_of($as_of)
),

reach_down as (
    select lookthrough.owned_id as entity_id, lookthrough.effective_min, lookthrough.effective_max, lookthrough.depth
    from lookthrough_as_of($as_of) as lookthrough
    where lookthrough.owner_id = $entity_id
),

owns_something as (
    select count(*) > 0 as yes from reach_down
),

direct_owners as (
    select holdings.owner_id, max(holdings.share_min) as share_min, max(holdings.share_max) as share_max
    from holdings
    where holdings.owned_id = $entity_id
    group by holdings.owner_id
),

closure as (
    select * from owner_closure_as_of($as_of)
),

-- An entity that owns something: every path to it runs among owners, so the closure holds its owners whole.
-- One that owns nothing: every path to it ends with a link from one of its direct owners.
paths_up as (
    select closure.owner_id, closure.effective_min, closure.effective_max, closure.depth
    from closure
    where closure.owned_id = $entity_id and (select yes from owns_something)
    union all
    select direct_owners.owner_id, direct_owners.share_min, direct_owners.share_max, 1
    from direct_owners
    where not (select yes from owns_something)
    union all
    select
        closure.owner_id,
        closure.effective_min * direct_owners.share_min / 100,
        closure.effective_max * direct_owners.share_max / 100,
        closure.depth + 1
    from closure
    join direct_owners on direct_owners.owner_id = closure.owned_id
    where not (select yes from owns_something)
),

reach_up as (
    select
        paths_up.owner_id as entity_id,
        if(count(paths_up.effective_min) = count(*), capped_share(sum(paths_up.effective_min)), null) as effective_min,
        if(count(paths_up.effective_max) = count(*), capped_share(sum(paths_up.effective_max)), null) as effective_max,
        min(paths_up.depth) as depth
    from paths_up
    group by paths_up.owner_id
),

edges as (
    select 'up' as direction, reach_up.depth, holdings.*, reach_up.effective_min, reach_up.effective_max
    from holdings
    join reach_up on reach_up.entity_id = holdings.owner_id
    where holdings.owned_id = $entity_id or holdings.owned_id in (select entity_id from reach_up)
    union all
    select 'down', reach_down.depth, holdings.*, reach_down.effective_min, reach_down.effective_max
    from holdings
    join reach_down on reach_down.entity_id = holdings.owned_id
    where holdings.owner_id = $entity_id or holdings.owner_id in (select entity_id from reach_down)
),

final as (
    select
        edges.direction,
        edges.depth,
        edges.owner_id,
        owner.name as owner_name,
        owner.entity_type as owner_type,
        edges.owned_id,
        owned.name as owned_name,
        owned.entity_type as owned_type,
        edges.interest,
        edges.share_min,
        edges.share_max,
        edges.effective_min,
        edges.effective_max,
        sources.url as source_url,
        edges.start_date,
        edges.end_date,
        edges.source_id,
        sources.publisher as source_publisher,
        edges.layer
    from edges
    join entities as owner on owner.entity_id = edges.owner_id
    join entities as owned on owned.entity_id = edges.owned_id
    left join sources on sources.source_id = edges.source_id
)

select * from final
order by direction desc, depth, owner_name, owned_name, interest
