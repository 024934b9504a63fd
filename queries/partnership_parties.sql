-- One row per party to a partnership, for partnerships with at least one party in $countries (all when empty).
-- params: $countries
with selected as (
    select distinct partnership_parties.partnership_id
    from partnership_parties
    join entities on entities.entity_id = partnership_parties.party_id
    where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], entities.country)
),

final as (
    select
        partnerships.partnership_id,
        partnerships.title,
        partnerships.signed_on,
        partnership_parties.party_id,
        entities.name as party_name,
        entities.entity_type as party_type,
        entities.country as party_country,
        partnership_parties.role
    from selected
    join partnerships on partnerships.partnership_id = selected.partnership_id
    join partnership_parties on partnership_parties.partnership_id = selected.partnership_id
    join entities on entities.entity_id = partnership_parties.party_id
)

select * from final
order by signed_on desc nulls last, partnership_id, party_name
