-- One row per partnership with at least one party in $countries (all when empty), with its parties and source.
-- params: $countries
with selected as (
    select distinct parties.partnership_id
    from partnership_parties_named as parties
    where len($countries::varchar[]) = 0 or parties.party_country = any($countries::varchar[])
),

final as (
    select listed.*
    from partnerships_listed as listed
    where len($countries::varchar[]) = 0
        or listed.partnership_id in (select selected.partnership_id from selected)
)

select * from final
order by signed_on desc nulls last, title
