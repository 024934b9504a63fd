-- One row per partnership with at least one party among $entity_ids: its parties, whether it crosses a border,
-- and its source.
-- params: $entity_ids
with selected as (
    select distinct partnership_id
    from partnership_parties
    where list_contains($entity_ids::varchar[], party_id)
),

parties as (
    select
        partnership_parties.partnership_id,
        string_agg(entities.name || coalesce(' (' || entities.country || ')', ''), '; ' order by entities.name)
            as parties,
        count(distinct entities.country) > 1 as cross_border
    from partnership_parties
    join selected on selected.partnership_id = partnership_parties.partnership_id
    join entities on entities.entity_id = partnership_parties.party_id
    group by partnership_parties.partnership_id
),

final as (
    select
        partnerships.partnership_id,
        partnerships.title,
        partnerships.kind,
        partnerships.signed_on,
        partnerships.place,
        partnerships.status,
        parties.parties,
        parties.cross_border,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from partnerships
    join parties on parties.partnership_id = partnerships.partnership_id
    left join sources on sources.source_id = partnerships.source_id
)

select * from final
order by signed_on desc nulls last, title
