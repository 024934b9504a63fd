-- Building blocks that several named queries share, created in the database at build time.
-- Each states its grain and parameters like a query does.

-- One row per ownership interest that counts on `as_of` (an ISO date string): started on or before it and not
-- ended by it. Partial dates compare as their first day. Affiliations are not ownership.
create macro interests_as_of(as_of) as table
    select ownership.*
    from ownership
    where ownership.interest <> 'affiliation'
        and (ownership.start_date is null or ownership.start_date <= as_of)
        and (ownership.end_date is null or ownership.end_date > as_of);

-- One row per owned entity that has a controlling owner on `as_of`: its majority owner or, failing that, its
-- largest known shareholder; an explicit `control` interest, or a single owner of unknown share, also controls.
create macro controlling_owner_as_of(as_of) as table
    with holdings as (
        select owner_id, owned_id, interest, share_min, share_max,
            count(*) over (partition by owned_id) as owners
        from interests_as_of(as_of)
        where interest in ('shareholding', 'control')
    ),
    ranked as (
        select owned_id, owner_id,
            row_number() over (
                partition by owned_id
                order by (interest = 'control' or share_min > 50) desc, share_min desc nulls last, owner_id
            ) as rank
        from holdings
        where interest = 'control' or share_min is not null or owners = 1
    )
    select owned_id, owner_id from ranked where rank = 1;

-- One row per outlet with a controlling group on `as_of`: the top of its chain of controlling owners.
-- A cycle stops the walk at the last entity before it repeats.
create macro controlling_groups_as_of(as_of) as table
    with recursive controller as (select * from controlling_owner_as_of(as_of)),
    chain(outlet_id, top_id, depth, visited) as (
        select controller.owned_id, controller.owner_id, 1, [controller.owned_id, controller.owner_id]
        from controller join outlets on outlets.outlet_id = controller.owned_id
        union all
        select chain.outlet_id, controller.owner_id, chain.depth + 1, list_append(chain.visited, controller.owner_id)
        from chain join controller on controller.owned_id = chain.top_id
        where not list_contains(chain.visited, controller.owner_id) and chain.depth < 50
    )
    select outlet_id, arg_max(top_id, depth) as group_id from chain group by outlet_id;
