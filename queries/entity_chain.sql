-- One row per ownership interest (shareholding or control) in $entity_id's chain on $as_of: 'up' the interests on
-- the paths from its ultimate owners down to it, 'down' those on the paths from it to everything it holds.
-- params: $entity_id, $as_of
-- The chain is the look-through filtered to $entity_id: depth is the owner's distance from $entity_id (up) or the
-- owned entity's (down), by the shortest path; effective_* is the owner's effective share in $entity_id (up) or
-- $entity_id's in the owned entity (down), summed over every simple path; `cut` says a path through the reached
-- entity was cut at the depth cap, so the chain goes on beyond what is listed.
with holdings_by_owned as not materialized (
    select * from holdings_as_of($as_of)
),

holdings_by_owner as not materialized (
    select * from holdings_by_owner_as_of($as_of)
),

-- Each entity the chain reaches, named once: a link is named from the entity it reaches and from its far end (below),
-- not by looking both ends of every link up among all the entities. (Paths are simple: $entity_id is never reached.)
reach as (
    select reached.*, entities.name, entities.entity_type
    from (
        select 'up' as direction, owner_id as entity_id, effective_min, effective_max, depth, cut
        from lookthrough_into($as_of, $entity_id)
        union all
        select 'down', owned_id, effective_min, effective_max, depth, cut
        from lookthrough_from($as_of, $entity_id)
    ) as reached
    join entities on entities.entity_id = reached.entity_id
),

-- The far ends of the links: up, $entity_id and the owners above it; down, $entity_id and the owners below it that
-- hold something (an entity that owns nothing holds no link), so a few owners' rows are read.
far_ends as (
    select directions.direction, entities.entity_id, entities.name, entities.entity_type
    from entities, (values ('up'), ('down')) as directions(direction)
    where entities.entity_id = $entity_id
    union all
    select reach.direction, reach.entity_id, reach.name, reach.entity_type
    from reach
    where reach.direction = 'up'
    union all
    select reach.direction, reach.entity_id, reach.name, reach.entity_type
    from reach semi join ever_owners on ever_owners.entity_id = reach.entity_id
    where reach.direction = 'down'
),

-- The interests at a far end: up, those held in $entity_id or an owner above it; down, those held by $entity_id or an
-- owner below it. The join to `reach` below keeps those whose other end the chain reaches (up, an owner above
-- $entity_id; down, something it holds): a semi join here as well would only repeat that join.
edges as (
    select 'up' as direction, holdings.owner_id as reached_id, holdings.owned_id as far_id, holdings.*
    from holdings_by_owned as holdings
    semi join far_ends on far_ends.direction = 'up' and far_ends.entity_id = holdings.owned_id
    union all
    select 'down', holdings.owned_id, holdings.owner_id, holdings.*
    from holdings_by_owner as holdings
    semi join far_ends on far_ends.direction = 'down' and far_ends.entity_id = holdings.owner_id
),

final as (
    select
        edges.direction,
        reach.depth,
        edges.owner_id,
        if(edges.direction = 'up', reach.name, far.name) as owner_name,
        if(edges.direction = 'up', reach.entity_type, far.entity_type) as owner_type,
        edges.owned_id,
        if(edges.direction = 'up', far.name, reach.name) as owned_name,
        if(edges.direction = 'up', far.entity_type, reach.entity_type) as owned_type,
        edges.interest,
        edges.share_min,
        edges.share_max,
        reach.effective_min,
        reach.effective_max,
        reach.cut,
        sources.url as source_url,
        edges.start_date,
        edges.end_date,
        edges.source_id,
        sources.publisher as source_publisher,
        edges.layer
    from edges
    join reach on reach.direction = edges.direction and reach.entity_id = edges.reached_id
    join far_ends as far on far.direction = edges.direction and far.entity_id = edges.far_id
    left join sources on sources.source_id = edges.source_id
)

-- Ties (entities of one name, parallel claims) by ids, source and dates: a total order, so each page of the chain
-- goes on where the one before stopped.
select * from final
order by direction desc, depth, owner_name, owned_name, interest, owner_id, owned_id, source_id, start_date, end_date,
    layer, share_min, share_max
