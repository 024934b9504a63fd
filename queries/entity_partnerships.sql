-- One row per partnership with at least one party among $entity_ids: its parties, whether it crosses a border,
-- and its source.
-- params: $entity_ids
with parties as (
    select * from partnership_party_summary(party_ids := $entity_ids::varchar[])
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
