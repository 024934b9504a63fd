-- One row per claim that someone holds an interest in $entity_id, on any date, and (for an outlet) per period of
-- its controlling group: who, how, from when until when, whether the claim counts (set aside when a curated claim
-- about $entity_id wins over another layer's; operators and publishers do not own), whether it holds on $as_of,
-- and its source. A controlling group's period is derived from the claims, so it has no source of its own.
-- params: $entity_id, $as_of
-- Dates keep their precision; a period holds on $as_of when it started on or before it and had not ended by it.
with claims as (
    select
        'owner' as line,
        ownership.owner_id as holder_id,
        ownership.interest,
        ownership.share_min,
        ownership.share_max,
        ownership.start_date,
        ownership.end_date,
        case
            when ownership.interest not in ('shareholding', 'control') then 'does not own'
            when ownership.layer <> 'curated' and ownership.owned_id in (select owned_id from curated_claims)
                then 'set aside: curated wins'
            else 'counts'
        end as status,
        ownership.source_id,
        ownership.layer
    from ownership
    where ownership.owned_id = $entity_id
),

groups as (
    select
        'controlling group' as line,
        periods.group_id,
        null as interest,
        null::double as share_min,
        null::double as share_max,
        periods.valid_from,
        periods.valid_until,
        'derived' as status,
        null as source_id,
        null as layer
    from control_periods_built as periods
    where periods.outlet_id = $entity_id
),

final as (
    select
        lines.line,
        lines.holder_id,
        holder.name as holder_name,
        holder.entity_type as holder_type,
        lines.interest,
        lines.share_min,
        lines.share_max,
        lines.start_date,
        lines.end_date,
        lines.status,
        (lines.start_date is null or lines.start_date <= $as_of)
            and (lines.end_date is null or lines.end_date > $as_of) as on_as_of,
        lines.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        lines.layer
    from (select * from claims union all select * from groups) as lines
    join entities as holder on holder.entity_id = lines.holder_id
    left join sources on sources.source_id = lines.source_id
)

select * from final
order by line = 'owner', status <> 'counts', start_date nulls first, end_date nulls last, holder_name, interest
