-- One row per partnership with at least one party in $countries (all when empty), with its parties and source.
-- params: $countries
with selected as (
    select distinct parties.partnership_id
    from partnership_parties_named as parties
    where len($countries::varchar[]) = 0 or parties.party_country = any($countries::varchar[])
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
        array_to_string(summaries.party_countries, ', ') as party_countries,
        coalesce(summaries.cross_border, false) as cross_border,
        partnerships.summary,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from partnerships
    left join partnership_summaries as summaries on summaries.partnership_id = partnerships.partnership_id
    left join sources on sources.source_id = partnerships.source_id
    where len($countries::varchar[]) = 0
        or partnerships.partnership_id in (select selected.partnership_id from selected)
)

select * from final
order by signed_on desc nulls last, title
