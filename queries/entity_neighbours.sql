-- One row per interest on $as_of in which $entity_id is the owner or the owned: its direct neighbours, for
-- expanding one node of the ownership network on demand.
-- params: $entity_id, $as_of
-- Affiliations (network ties), operators and publishers are listed too; `counts_as_ownership` says whether the
-- interest counts for look-through and control (shareholding or control, not set aside by a curated claim).
with direct as (
    select ownership.*
    from ownership
    where (ownership.owner_id = $entity_id or ownership.owned_id = $entity_id)
        and (ownership.start_date is null or ownership.start_date <= $as_of)
        and (ownership.end_date is null or ownership.end_date > $as_of)
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
        direct.interest in ('shareholding', 'control')
            and (direct.layer = 'curated' or direct.owned_id not in (select owned_id from curated_claims))
            as counts_as_ownership
    from direct
    join entities as owner on owner.entity_id = direct.owner_id
    join entities as owned on owned.entity_id = direct.owned_id
    left join sources on sources.source_id = direct.source_id
    where owner.entity_id not in (select outlet_id from outlets where founded > $as_of or closed <= $as_of)
        and owned.entity_id not in (select outlet_id from outlets where founded > $as_of or closed <= $as_of)
)

select * from final
order by owned_id = $entity_id desc, interest, owner_name, owned_name
