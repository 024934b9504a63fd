-- One row per attribute of an outlet or organisation on which layers disagree: the value the atlas shows (chosen by
-- layer precedence, model/attributes.sql) and every value stated, each with its layer and source publisher.
-- params: $q
-- $q narrows to entities whose name or alias contains it (folded, like every search).
with disputed as (
    select attribute_values.entity_id, attribute_values.attribute
    from attribute_values
    group by attribute_values.entity_id, attribute_values.attribute
    -- Dates that only differ in precision ('2000' and '2000-12-25') agree.
    having count(distinct attribute_values.value) > 1
        and not starts_with(max(attribute_values.value), min(attribute_values.value))
),

final as (
    select
        entities.name as entity_name,
        entities.entity_type,
        disputed.entity_id,
        disputed.attribute,
        any_value(chosen.value) filter (where chosen.chosen) as shown_value,
        string_agg(
            chosen.value || ' (' || chosen.layer || ': ' || sources.publisher || ')', '; '
            order by not chosen.chosen, chosen.layer, chosen.value
        ) as stated_values,
        any_value(sources.url) filter (where chosen.chosen) as source_url
    from disputed
    join attribute_values as chosen
        on chosen.entity_id = disputed.entity_id and chosen.attribute = disputed.attribute
    join entities on entities.entity_id = disputed.entity_id
    left join sources on sources.source_id = chosen.source_id
    where coalesce($q, '') = '' or contains(entities.search_text, fold($q))
    group by entities.name, entities.entity_type, disputed.entity_id, disputed.attribute
)

select * from final
order by entity_name, entity_id, attribute
