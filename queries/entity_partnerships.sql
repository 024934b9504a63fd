-- One row per partnership with at least one party among $entity_ids: its parties, whether it crosses a border,
-- and its source.
-- params: $entity_ids
with selected as (
    select distinct parties.partnership_id
    from partnership_parties as parties
    where parties.party_id = any($entity_ids::varchar[])
),

final as (
    select listed.* exclude (party_countries, summary)
    from partnerships_listed as listed
    semi join selected on selected.partnership_id = listed.partnership_id
)

select * from final
order by signed_on desc nulls last, title
