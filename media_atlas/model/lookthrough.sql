-- One row per path on `as_of` that ends with a link into an entity that never owns anything (an outlet, mostly):
-- that link alone, or a path among owners (owner_closure, summed already) extended by it; only those starting at
-- `owner` or ending at `owned`, when given. `shared` picks the entities that have had more than one claim held in
-- them (whose paths from one owner may need adding up) or the rest.
create macro leaf_paths_as_of(as_of, owner, owned, shared) as table
    with owners_below_owner as (
        select owner as owner_id
        union all
        select closure.owned_id from owner_closure_as_of(as_of) as closure where closure.owner_id = owner
    ),

    -- Given `owner`, only the claims of the owners reached from it: a join, so the claims sorted by owner are read
    -- in the few row groups that hold them.
    claims as (
        select claims.*
        from leaf_claims_as_of(as_of, shared) as claims
        where owner is null and (owned is null or claims.owned_id = owned)
        union all
        select claims.*
        from leaf_claims_as_of(as_of, shared, by_owner := true) as claims
        semi join owners_below_owner on owners_below_owner.owner_id = claims.owner_id
        where owner is not null and (owned is null or claims.owned_id = owned)
    ),

    -- Where a last link can start: at an owner itself (depth 0; `owner` always, so that what reads the claims by
    -- the owners reached is never empty and reads a few row groups) or at the end of a path among owners.
    owners as (
        select ever_owners.entity_id
        from ever_owners
        where owner is null and (owned is null or ever_owners.entity_id in (select claims.owner_id from claims))
        union all
        select owner where owner is not null
    ),

    starts as (
        select owners.entity_id as owner_id, owners.entity_id as owned_id, null::double as effective_min,
            null::double as effective_max, 0 as depth, 1::bigint as paths, false as cut
        from owners
        union all
        select closure.owner_id, closure.owned_id, closure.effective_min, closure.effective_max, closure.depth,
            closure.paths, closure.cut
        from owner_closure_as_of(as_of, by_owned := owned is not null) as closure
        where (owner is null or closure.owner_id = owner)
            and (owned is null or closure.owned_id in (select claims.owner_id from claims))
    ),

    -- One edge per owner and entity: a shared entity's claims by one owner merged (the largest shares). Only the
    -- claims of the owners reached from `owner`, or the starts at the owners of `owned`, are read when given.
    leaves as (
        select claims.* from claims where not shared
        union all
        select claims.owner_id, claims.owned_id, max(claims.share_min), max(claims.share_max)
        from claims
        where shared and (owner is null or claims.owner_id in (select starts.owned_id from starts))
        group by claims.owner_id, claims.owned_id
    )

    select
        starts.owner_id,
        leaves.owned_id,
        if(starts.depth = 0, leaves.share_min, starts.effective_min * leaves.share_min / 100) as effective_min,
        if(starts.depth = 0, leaves.share_max, starts.effective_max * leaves.share_max / 100) as effective_max,
        starts.depth + 1 as depth,
        starts.paths,
        starts.cut
    from starts
    join leaves on leaves.owner_id = starts.owned_id;


-- One row per (owner, owned) pair joined by at least one path of holdings on `as_of` (only the pairs of `owner`, or
-- of `owned`, when given): the effective share summed over every simple path (the product of the shares along it;
-- mins summed, maxes summed, capped at 100; unknown when any path's share is unknown), the shortest path's depth,
-- the number of paths and `cut`: a path through the pair reached lookthrough_depth_cap() links among owners and was
-- not followed further, so what lies beyond it is not counted.
-- An entity that owns nothing cannot lie on a cycle, so the paths among owners are walked once, at build time, for
-- every date (owner_closure) and each holding of an entity that never owns anything just extends them: a million
-- outlets cost one join, not a million walks, on any date. The depth cap applies to the walk among owners; that
-- last link comes on top of it. Only an entity that has had more than one claim held in it can be reached by more
-- than one path from one owner, so only those pairs are summed. Not stored: at a million outlets it has over ten million
-- rows, which take longer to write than to compute from the stored paths and edges.
create macro lookthrough_as_of(as_of, owner := null, owned := null) as table
    with pairs as (
        select closure.owner_id, closure.owned_id, closure.effective_min, closure.effective_max, closure.depth,
            closure.paths, closure.cut
        from owner_closure_as_of(as_of, by_owned := owned is not null) as closure
        where (owner is null or closure.owner_id = owner) and (owned is null or closure.owned_id = owned)
        union all
        select * from leaf_paths_as_of(as_of, owner, owned, false)
        union all
        select
            shared.owner_id,
            shared.owned_id,
            if(count(shared.effective_min) = count(*), sum(shared.effective_min), null),
            if(count(shared.effective_max) = count(*), sum(shared.effective_max), null),
            min(shared.depth),
            sum(shared.paths)::bigint,
            bool_or(shared.cut)
        from leaf_paths_as_of(as_of, owner, owned, true) as shared
        group by shared.owner_id, shared.owned_id
    )

    select
        owner_id,
        owned_id,
        capped_share(effective_min) as effective_min,
        capped_share(effective_max) as effective_max,
        depth,
        paths,
        cut
    from pairs;
