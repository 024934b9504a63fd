-- One row per partnership with at least one party in $countries (all when empty), with its parties and source.
-- params: $countries
with parties as (
    select * from partnership_party_summary()
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
        array_to_string(parties.party_countries, ', ') as party_countries,
        coalesce(parties.cross_border, false) as cross_border,
        partnerships.summary,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from partnerships
    left join parties on parties.partnership_id = partnerships.partnership_id
    left join sources on sources.source_id = partnerships.source_id
    where len($countries::varchar[]) = 0
        or len(list_intersect($countries::varchar[], parties.party_countries)) > 0
)

select * from final
order by signed_on desc nulls last, title
