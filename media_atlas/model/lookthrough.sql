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

