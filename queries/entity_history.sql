-- One row per claim that someone holds an interest in $entity_id, on any date, and (for an outlet) per period of
-- its controlling group: who, how, from when until when (as stated; an undated claim holds from its source's date),
-- whether the claim counts (by the model's rules: model/rules.sql § claims), whether it holds on $as_of, and its
-- source. A controlling group's period is derived from the claims, so it has no source of its own.
-- params: $entity_id, $as_of
-- Dates keep their precision.
with licensed as (
    -- A licensee's: nobody holds $entity_id. Asked of its claims alone, not of every claim in the atlas.
    select not exists (
        select 1 from claims as held where held.owned_id = $entity_id and is_ownership(held.interest, held.share_max)
    ) as by_operators
),

owners as (
    select
        'owner' as line,
        claims.owner_id as holder_id,
        claims.interest,
        claims.share_min,
        claims.share_max,
        claims.start_date,
        claims.end_date,
        case
            when not is_ownership(claims.interest, claims.share_max)
                and not (claims.interest = 'operator' and licensed.by_operators)
                then 'does not own'
            when claims.layer <> 'curated' and claims.owned_id in (select owned_id from curated_claims)
                then 'set aside: curated wins'
            when not holds_on_some_day(claims.holds_from, claims.holds_until)
                then 'on no date: its source''s date or its parties'' lives rule it out'
            when claims.interest = 'operator' then 'counts: licensee'
            else 'counts'
        end as status,
        holds_on(claims.holds_from, claims.holds_until, $as_of) as on_as_of,
        claims.source_id,
        claims.layer
    from claims, licensed
    where claims.owned_id = $entity_id
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
        holds_on(periods.valid_from, periods.valid_until, $as_of) as on_as_of,
        null as source_id,
        null as layer
    from control_periods as periods
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
        lines.on_as_of,
        lines.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        lines.layer
    from (select * from owners union all select * from groups) as lines
    join entities as holder on holder.entity_id = lines.holder_id
    left join sources on sources.source_id = lines.source_id
)

select * from final
order by line = 'owner', status <> 'counts', start_date nulls first, end_date nulls last, holder_name, interest
