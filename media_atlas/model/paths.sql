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
