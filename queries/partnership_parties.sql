-- One row per party to a partnership, for partnerships with at least one party in $countries (all when empty).
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
        partnerships.signed_on,
        parties.party_id,
        parties.party_name,
        parties.party_type,
        parties.party_country,
        parties.role
    from selected
    join partnerships on partnerships.partnership_id = selected.partnership_id
    join partnership_parties_named as parties on parties.partnership_id = selected.partnership_id
)

select * from final
order by signed_on desc nulls last, partnership_id, party_name
