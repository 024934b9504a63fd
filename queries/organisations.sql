-- One row per organisation matching the filters, with how many outlets it controls (as their group) on $as_of.
-- params: $countries, $as_of, $q
with final as (
    select
        organisations.org_id,
        organisations.name,
        organisations.local_name,
        organisations.kind,
        organisations.country,
        organisations.country_name,
        organisations.founded,
        organisations.dissolved,
        organisations.website,
        coalesce(controlled.outlets, 0) as outlets_controlled,
        organisations.source_id,
        organisations.source_publisher,
        organisations.source_url,
        organisations.layer
    from organisation_rows as organisations
    left join group_sizes_as_of($as_of) as controlled on controlled.group_id = organisations.org_id
    where (len($countries::varchar[]) = 0 or organisations.country = any($countries::varchar[]))
        and (coalesce($q, '') = '' or contains(organisations.search_text, fold($q)))
)

select * from final
order by outlets_controlled desc, name, org_id
