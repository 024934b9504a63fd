-- One row per data layer (a folder under data/) and table: how many rows that layer adds to the table.
-- params: (none)
with counted as (
    select layer, 'sources' as table_name, count(*) as rows from sources group by layer
    union all select layer, 'organisations', count(*) from organisations group by layer
    union all select layer, 'outlets', count(*) from outlets group by layer
    union all select layer, 'people', count(*) from people group by layer
    union all select layer, 'ownership', count(*) from ownership group by layer
    union all select layer, 'roles', count(*) from roles group by layer
    union all select layer, 'partnerships', count(*) from partnerships group by layer
    union all select layer, 'partnership_parties', count(*) from partnership_parties group by layer
    union all select layer, 'aliases', count(*) from aliases group by layer
    union all select layer, 'identifiers', count(*) from identifiers group by layer
    union all select layer, 'audience', count(*) from audience group by layer
    union all select layer, 'market_sizes', count(*) from market_sizes group by layer
),

final as (
    select * from counted
)

select * from final
order by layer, table_name
