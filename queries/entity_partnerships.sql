-- One row per partnership with at least one party among $entity_ids: its parties, whether it crosses a border,
-- and its source.
-- params: $entity_ids
with selected as (
    select distinct parties.partnership_id
    from partnership_parties as parties
    where parties.party_id = any($entity_ids::varchar[])
),

final as (
    select
        partnerships.partnership_id,
        partnerships.title,
        partnerships.kind,
        partnerships.signed_on,
        partnerships.place,
        partnerships.status,
        summaries.parties,
        summaries.cross_border,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from selected
    join partnerships on partnerships.partnership_id = selected.partnership_id
    join partnership_summaries as summaries on summaries.partnership_id = selected.partnership_id
    left join sources on sources.source_id = partnerships.source_id
)

select * from final
order by signed_on desc nulls last, title
