-- Look-through: the effective share of every owner in everything it holds on `as_of`, through every path of
-- holdings. The rule (lookthrough_over) is written once, over the rows it is given; lookthrough_as_of gives it every
-- row, lookthrough_into and lookthrough_from the rows one entity's look-through needs, so one entity's rows are
-- the look-through filtered to it, read in a few row groups and planned in a fraction of the whole's time.

-- One row per path on `as_of` that ends with a link from a start into an entity that never owns anything (given as
-- the names of tables or CTEs, like query_table): a start is an owner itself (depth 0) or a pair of owners joined
-- by paths (`pairs`, summed already); the link's share extends the start's effective share.
create macro paths_extended(starts, links) as table
    select
        starts.owner_id,
        links.owned_id,
        if(starts.depth = 0, links.share_min, starts.effective_min * links.share_min / 100) as effective_min,
        if(starts.depth = 0, links.share_max, starts.effective_max * links.share_max / 100) as effective_max,
        starts.depth + 1 as depth,
        starts.paths,
        starts.cut
    from query_table(starts) as starts
    join query_table(links) as links on links.owner_id = starts.owned_id;

-- One row per (owner, owned) pair joined by at least one path of holdings on `as_of`, from the rows given (names of
-- tables or CTEs): `pairs`, the pairs among entities that own something (owner_closure_as_of); `starts`, where a
-- last link can start (those pairs, and each owner itself at depth 0); `leaf_claims`, the claims held in entities
-- that never own anything (leaf_claims_as_of) that extend them. The effective share is summed over every simple path
-- (the product of the shares along it; mins summed, maxes summed, capped at 100; unknown when any path's share is
-- unknown), with the shortest path's depth, the number of paths and `cut`: a path through the pair reached
-- lookthrough_depth_cap() links among owners and was not followed further, so the share leaves out what lies
-- beyond it.
-- An entity that owns nothing cannot lie on a cycle, so the paths among owners are walked once, at build time, for
-- every date (owner_closure) and each holding of an entity that never owns anything just extends them: a million
-- outlets cost one join, not a million walks, on any date. The depth cap applies to the walk among owners; that
-- last link comes on top of it. Only an entity that has had more than one claim held in it (`shared`) can be
-- reached by more than one path from one owner, so only those pairs are summed, and one owner's claims in it are
-- one link with their largest shares (parallel claims are never added up). Not stored: at a million outlets it has
-- over ten million rows, which take longer to write than to compute from the stored paths and holdings.
create macro lookthrough_over(pairs, starts, leaf_claims) as table
    with single_links as not materialized (
        select claims.owner_id, claims.owned_id, claims.share_min, claims.share_max
        from query_table(leaf_claims) as claims
        where not claims.shared
    ),

    shared_links as (
        select claims.owner_id, claims.owned_id, max(claims.share_min) as share_min, max(claims.share_max) as share_max
        from query_table(leaf_claims) as claims
        where claims.shared
        group by claims.owner_id, claims.owned_id
    ),

    summed as (
        select pairs.owner_id, pairs.owned_id, pairs.effective_min, pairs.effective_max, pairs.depth, pairs.paths,
            pairs.cut
        from query_table(pairs) as pairs
        union all
        select * from paths_extended(starts, 'single_links')
        union all
        select
            shared.owner_id,
            shared.owned_id,
            if(count(shared.effective_min) = count(*), sum(shared.effective_min), null),
            if(count(shared.effective_max) = count(*), sum(shared.effective_max), null),
            min(shared.depth),
            sum(shared.paths)::bigint,
            bool_or(shared.cut)
        from paths_extended(starts, 'shared_links') as shared
        group by shared.owner_id, shared.owned_id
    )

    select
        summed.owner_id,
        summed.owned_id,
        capped_share(summed.effective_min) as effective_min,
        capped_share(summed.effective_max) as effective_max,
        summed.depth,
        summed.paths,
        summed.cut
    from summed;

-- Each owner as the start of its own paths (depth 0, one path): owners_as_starts('name') for a table or CTE of
-- `owner_id`s.
create macro owners_as_starts(owners) as table
    select owners.owner_id, owners.owner_id as owned_id, null::double as effective_min, null::double as effective_max,
        0 as depth, 1::bigint as paths, false as cut
    from query_table(owners) as owners;

-- The look-through on `as_of` (see lookthrough_over): every pair.
create macro lookthrough_as_of(as_of) as table
    with pairs as not materialized (
        select * from owner_closure_as_of(as_of)
    ),

    owners as not materialized (
        select ever_owners.entity_id as owner_id from ever_owners
    ),

    starts as not materialized (
        select * from owners_as_starts('owners')
        union all
        select * exclude (longest) from pairs
    ),

    claims as not materialized (
        select * from leaf_claims_as_of(as_of)
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');

-- The look-through on `as_of` filtered to the pairs whose owned entity is `owned`: the paths into it end at it
-- (among owners) or at the claims held in it, extended from their owners and the paths into those.
create macro lookthrough_into(as_of, owned) as table
    with claims as (
        select * from leaf_claims_as_of(as_of) as claims where claims.owned_id = owned
    ),

    pairs as (
        select * from owner_closure_as_of(as_of, by_owned := true) as closure where closure.owned_id = owned
    ),

    owners as (
        select distinct claims.owner_id from claims
    ),

    starts as (
        select * from owners_as_starts('owners')
        union all
        select closure.* exclude (longest)
        from owner_closure_as_of(as_of, by_owned := true) as closure
        semi join owners on owners.owner_id = closure.owned_id
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');

-- The look-through on `as_of` filtered to the pairs whose owner is `owner`: the paths from it to the owners below it
-- and the claims those owners, or it, hold in entities that never own anything.
create macro lookthrough_from(as_of, owner) as table
    with pairs as (
        select * from owner_closure_as_of(as_of) as closure where closure.owner_id = owner
    ),

    owners as (
        select owner as owner_id
    ),

    starts as (
        select * from owners_as_starts('owners')
        union all
        select * exclude (longest) from pairs
    ),

    -- A join, so the claims sorted by owner are read in the few row groups that hold them.
    claims as (
        select claims.*
        from leaf_claims_as_of(as_of, by_owner := true) as claims
        semi join starts on starts.owned_id = claims.owner_id
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');
