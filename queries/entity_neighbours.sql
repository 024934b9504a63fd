-- One row per interest on $as_of in which $entity_id is the owner or the owned: its direct neighbours, for
-- expanding one node of the ownership network on demand.
-- params: $entity_id, $as_of
-- Affiliations (network ties), operators and publishers are listed too; `counts_as_ownership` says whether the
-- interest counts for look-through and control (shareholding or control, not set aside by a curated claim);
-- `set_aside` whether the model sets it aside (another layer's claim about an entity the curated layer covers).
-- Two plain equality scans: DuckDB pushes each into the table scan, where one OR of both would be checked row by row.
with direct as (
    select claims.* from claims where claims.owner_id = $entity_id
    union all
    select claims.* from claims where claims.owned_id = $entity_id
),

current as (
    select
        direct.* exclude (holds_from, holds_until),
        direct.layer <> 'curated' and direct.owned_id in (select owned_id from curated_claims) as set_aside
    from direct
    where holds_on(direct.holds_from, direct.holds_until, $as_of)
),

absent_outlets as (
    select outlets.outlet_id
    from outlets
    semi join (select owner_id as entity_id from current union all select owned_id from current) as ends
        on ends.entity_id = outlets.outlet_id
    where outlets.founded > $as_of or outlets.closed <= $as_of
),

final as (
    select
        direct.owner_id,
        owner.name as owner_name,
        owner.entity_type as owner_type,
        direct.owned_id,
        owned.name as owned_name,
        owned.entity_type as owned_type,
        direct.interest,
        direct.share_min,
        direct.share_max,
        sources.url as source_url,
        direct.start_date,
        direct.end_date,
        direct.source_id,
        sources.publisher as source_publisher,
        direct.layer,
        is_ownership(direct.interest, direct.share_max) and not direct.set_aside as counts_as_ownership,
        direct.set_aside
    from current as direct
    join entities as owner on owner.entity_id = direct.owner_id
    join entities as owned on owned.entity_id = direct.owned_id
    left join sources on sources.source_id = direct.source_id
    where owner.entity_id not in (select outlet_id from absent_outlets)
        and owned.entity_id not in (select outlet_id from absent_outlets)
)

select * from final
order by set_aside, owned_id = $entity_id desc, interest, owner_name, owned_name
