-- The one id namespace: one row per organisation, outlet and person, with the text search compares (its name,
-- local name and aliases in the one fold, media_atlas/text.py).
insert into entities
    with named as (
        select org_id as entity_id, 'organisation' as entity_type, name, country, local_name from organisations
        union all
        select outlet_id, 'outlet', name, country, local_name from outlets
        union all
        select person_id, 'person', name, country, null from people
    ),

    alias_text as (
        select aliases.entity_id, string_agg(aliases.alias, ' ') as aliases from aliases group by aliases.entity_id
    )

    select named.entity_id, named.entity_type, named.name, named.country,
        fold(concat_ws(' ', named.name, named.local_name, alias_text.aliases))
    from named
    left join alias_text on alias_text.entity_id = named.entity_id;
