-- Attribute fusion: an outlet's or organisation's attributes (founded, website, country, ...) may be stated by several
-- layers, its own row and the `attributes` rows of other layers (an importer meeting an item the curated layer maps).
-- One value of each is chosen by layer precedence among the non-empty ones: the curated layer's first, then the other
-- layers' in the order of their names; within a layer the entity's own row first. Every stated value stays listed
-- with its source in `attribute_values`, and values that disagree are listed on the Data page.

create macro layer_precedence(layer) as if(layer = 'curated', '0', '1' || layer);

-- One row per value that a layer states for an attribute of an entity that some layer describes in `attributes`
-- (only those have anything to fuse), with its source, and whether it is the one chosen.
create table attribute_values as
    with described as (
        select distinct attributes.entity_id from attributes
    ),

    own as (
        select * from (unpivot (
            select outlets.outlet_id as entity_id, outlets.source_id, outlets.layer, outlets.local_name,
                outlets.media_type, outlets.periodicity, outlets.country, outlets.language, outlets.founded,
                outlets.closed, outlets.website
            from outlets
            semi join described on described.entity_id = outlets.outlet_id
        ) on local_name, media_type, periodicity, country, language, founded, closed, website
        into name attribute value "value")
        union all by name
        select * from (unpivot (
            select organisations.org_id as entity_id, organisations.source_id, organisations.layer,
                organisations.local_name, organisations.kind, organisations.country, organisations.founded,
                organisations.dissolved, organisations.website
            from organisations
            semi join described on described.entity_id = organisations.org_id
        ) on local_name, kind, country, founded, dissolved, website
        into name attribute value "value")
    ),

    stated as (
        select own.entity_id, own.attribute, own.value, own.source_id, own.layer, true as own_row from own
        union all
        select attributes.entity_id, attributes.attribute, attributes.value, attributes.source_id, attributes.layer,
            false
        from attributes
    )

    select
        stated.*,
        row_number() over (
            partition by stated.entity_id, stated.attribute
            order by layer_precedence(stated.layer), not stated.own_row, stated.value
        ) = 1 as chosen
    from stated
    order by stated.entity_id, stated.attribute;

-- The chosen values, one row per entity; a founding and closing (or dissolution) that would contradict each other
-- once fused keep the entity's own dates.
create temp table fused_values as
    with chosen as (
        select
            attribute_values.entity_id,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'local_name') as local_name,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'kind') as kind,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'media_type') as media_type,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'periodicity') as periodicity,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'country') as country,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'language') as language,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'founded') as founded,
            any_value(attribute_values.value) filter (where attribute_values.attribute in ('closed', 'dissolved'))
                as ended,
            any_value(attribute_values.value) filter (where attribute_values.attribute = 'website') as website
        from attribute_values
        where attribute_values.chosen
        group by attribute_values.entity_id
    )

    select chosen.* replace (
        if(chosen.ended < chosen.founded, null, chosen.founded) as founded,
        if(chosen.ended < chosen.founded, null, chosen.ended) as ended
    )
    from chosen;

update outlets
set local_name = coalesce(fused.local_name, outlets.local_name),
    media_type = coalesce(fused.media_type, outlets.media_type), country = coalesce(fused.country, outlets.country),
    periodicity = coalesce(fused.periodicity, outlets.periodicity), closed = coalesce(fused.ended, outlets.closed),
    language = coalesce(fused.language, outlets.language), founded = coalesce(fused.founded, outlets.founded),
    website = coalesce(fused.website, outlets.website)
from fused_values as fused
where fused.entity_id = outlets.outlet_id;

update organisations
set local_name = coalesce(fused.local_name, organisations.local_name), kind = coalesce(fused.kind, organisations.kind),
    country = coalesce(fused.country, organisations.country), founded = coalesce(fused.founded, organisations.founded),
    dissolved = coalesce(fused.ended, organisations.dissolved), website = coalesce(fused.website, organisations.website)
from fused_values as fused
where fused.entity_id = organisations.org_id;

drop table fused_values;
