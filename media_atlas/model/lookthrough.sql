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

