-- One row per problem found in the built atlas on $as_of, with the entity and the sources it concerns
-- (several sources are joined with '; ').
-- params: $as_of
-- Checks: known shares held in one entity adding up to over 100%; ownership cycles; paths cut at the depth cap;
-- claims that hold on no date; audience shares of one market and period adding up to over 100%. (Interests or roles
-- that end before they start and references to entities or sources that do not exist are refused by the build, so
-- they are not looked for: at a million outlets that search cost a quarter of this query.)
with holdings as (
    select * from holdings_as_of($as_of)
),

edges as (
    select * from ownership_edges_as_of($as_of)
),

over_100_owned as (
    select edges.owned_id
    from edges
    group by edges.owned_id
    having sum(edges.share_min) > 100
),

over_100 as (
    select
        'shares over 100%' as "check",
        edges.owned_id as entity_id,
        'known shares of its owners add up to ' || round(sum(edges.share_min), 2) || '%: '
            || string_agg(edges.owner_id || ' ' || edges.share_min || '%', ', ' order by edges.share_min desc)
            as detail,
        edges.owned_id as source_key
    from edges
    semi join over_100_owned on over_100_owned.owned_id = edges.owned_id
    where edges.share_min is not null
    group by edges.owned_id
),

closure as (
    select * from owner_closure_as_of($as_of)
),

-- An entity owns itself when it holds, through others, an owner of its own: the shortest such path is shown.
cycles as (
    select
        'ownership cycle' as "check",
        closure.owner_id as entity_id,
        'owns itself through a cycle of ' || (min(closure.depth) + 1) || ' links: ' || closure.owner_id || ' → '
            || if(min(closure.depth) > 1, '… → ', '') || arg_min(closure.owned_id, closure.depth) || ' → '
            || closure.owner_id as detail,
        closure.owner_id as source_key
    from closure
    join edges on edges.owner_id = closure.owned_id and edges.owned_id = closure.owner_id
    group by closure.owner_id
),

-- Paths among owners are followed to lookthrough_depth_cap() links (a last link into an entity that owns nothing
-- comes on top); a path that reached the cap at an entity holding another owner was cut there.
cut_paths as (
    select
        'depth cap reached' as "check",
        closure.owner_id as entity_id,
        'a path of ' || lookthrough_depth_cap() || ' links from it to ' || min(closure.owned_id)
            || ' was not followed further' as detail,
        closure.owner_id as source_key
    from closure
    semi join edges on edges.owner_id = closure.owned_id and not edges.into_leaf
    where closure.longest = lookthrough_depth_cap()
    group by closure.owner_id
),

ownership_findings as (
    select * from over_100
    union all select * from cycles
    union all select * from cut_paths
),

-- The interests behind a finding about an entity: those in which it is held.
finding_sources as (
    select
        ownership_findings."check",
        ownership_findings.entity_id,
        ownership_findings.detail,
        string_agg(distinct holdings.source_id, '; ') as source_id,
        string_agg(distinct sources.url, '; ') as source_url
    from ownership_findings
    left join holdings on holdings.owned_id = ownership_findings.source_key
    left join sources on sources.source_id = holdings.source_id
    group by all
),

audience_over_100 as (
    select
        'audience shares over 100%' as "check",
        null as entity_id,
        'market ' || audience.market || ', ' || outlets.media_type || ', ' || audience.period || ': shares add up to '
            || round(sum(audience.share_pct), 2) || '%' as detail,
        string_agg(distinct audience.source_id, '; ') as source_id
    from audience
    join outlets on outlets.outlet_id = audience.outlet_id
    group by audience.market, outlets.media_type, audience.period
    having sum(audience.share_pct) > 100
),

-- An ownership or operator's claim that counts on no date: its source is dated after its end, or its holder or what
-- it holds did not exist while its source asserts it (model/rules.sql § time), as when an import names an owner
-- dissolved before it or the owner of a channel closed before the import. The detail gives both dates: from its
-- start, or its source's, or the later founding of a party; until its end, or the earlier closing of a party.
claims_on_no_date as (
    select
        'claim on no date' as "check",
        claims.owned_id as entity_id,
        claims.owner_id || ' (' || claims.interest || '): asserted from ' || claims.holds_from || ', held until '
            || claims.holds_until as detail,
        claims.source_id,
        sources.url as source_url
    from claims
    left join sources on sources.source_id = claims.source_id
    where not holds_on_some_day(claims.holds_from, claims.holds_until)
        and (is_ownership(claims.interest, claims.share_max) or claims.interest = 'operator')
),

findings as (
    select * from finding_sources
    union all
    select * from claims_on_no_date
    union all
    select audience_over_100.*, sources.url as source_url
    from audience_over_100
    left join sources on sources.source_id = audience_over_100.source_id
),

final as (
    select
        findings."check",
        findings.entity_id,
        entities.name as entity_name,
        findings.detail,
        findings.source_id,
        findings.source_url
    from findings
    left join entities on entities.entity_id = findings.entity_id
)

select * from final
order by "check", entity_name, entity_id, detail
