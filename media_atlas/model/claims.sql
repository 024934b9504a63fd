-- Building blocks that several named queries share, created in the database at build time.
-- Each states its grain and parameters like a query does.
--
-- Ownership rules every ownership view follows:
--   * `affiliation` is a network or brand tie, not ownership; `operator` and `publisher` run an outlet without
--     holding it, so they count neither for look-through nor for control (they stay visible as direct interests);
--   * an interest counts on D if it started on or before D and has not ended by D (partial ISO dates compare as
--     strings, so they mean their first day); an outlet counts if founded by D and not closed by D;
--   * curated wins: when the curated layer claims any shareholding or control in an entity (on any date), the
--     other layers' claims about that entity are set aside (they stay in `ownership` and are listed as conflicts).
--
-- Look-through and control over the whole graph are expensive at a million outlets, so the build stores them:
-- every holding, every edge and path among owners (model/paths.sql) and every outlet's row with its controlling
-- group, with the dates they hold in (`holding_periods_built`, `owner_edge_periods_built`, `owner_closure_built`,
-- `outlet_rows_built`), and what media_atlas/model/__init__.py lists in STORED, which any date reads with a filter,
-- so any date costs what today costs and no stored row depends on the day the build runs.
-- holdings_computed, controlling_groups_computed, group_sizes_computed and outlet_counts_computed, which no query
-- reads, state the rules for one date; tests hold the stored periods equal to them.

-- Paths longer than this many links are cut (and flagged where their shares are shown): real chains run to a few
-- dozen links through holding companies in several countries.
create macro lookthrough_depth_cap() as 100;

-- An effective share summed over several paths, capped at 100 (an unknown share stays unknown, where least()
-- would turn it into 100).
create macro capped_share(share) as case when share > 100 then 100.0 else share end;

-- Whether an interest is ownership: a shareholding or control that is not a 0% stake. `affiliation` is a network
-- or brand tie; `operator` and `publisher` run an outlet without holding it (but see licensees below).
create macro is_ownership(interest, share_max) as interest in ('shareholding', 'control') and coalesce(share_max, 1) > 0;

-- One row per ownership claim with the dates it is asserted on: from `holds_from` until before `holds_until` (null:
-- open). A claim holds from its start date; an undated one from its source's date (published, else retrieved), since
-- a source supports a claim from the day it states it, not before. A claim whose source is dated after its end is
-- asserted on no date: it is listed with its end, "since an unknown date", and counts on none.
create view claims as
    select
        ownership.*,
        coalesce(ownership.start_date, sources.published_on, sources.retrieved_on) as holds_from,
        ownership.end_date as holds_until
    from ownership
    left join sources on sources.source_id = ownership.source_id;

-- Whether a claim holds on `as_of` (an ISO date string; partial dates compare as their first day).
create macro holds_on(holds_from, holds_until, as_of) as
    (holds_from is null or holds_from <= as_of) and (holds_until is null or holds_until > as_of);

-- One row per claim of an interest other than an affiliation that holds on `as_of`.
create macro interests_as_of(as_of) as table
    select claims.* exclude (holds_from, holds_until)
    from claims
    where claims.interest <> 'affiliation' and holds_on(claims.holds_from, claims.holds_until, as_of);

-- One row per entity that holds an interest other than an affiliation on some date, with its name, type, country
-- and (an outlet's) media type, and its number among them (`holder_no`, in the order of their ids): a network above
-- a few outlets names its entities from these rather than from every entity (at a million outlets, 220k rows rather
-- than 1.35M), and walks up joining numbers, which hash cheaper than ids.
create view interest_holders as
    with holders as (
        select distinct ownership.owner_id from ownership where ownership.interest <> 'affiliation'
    )

    select
        entities.entity_id,
        entities.name,
        entities.entity_type,
        entities.country,
        outlets.media_type,
        row_number() over (order by entities.entity_id)::integer as holder_no
    from holders
    join entities on entities.entity_id = holders.owner_id
    left join outlets on outlets.outlet_id = holders.owner_id;

-- One row per claim of an interest other than an affiliation in an entity that holds one itself (on any date), with
-- the dates it is asserted on (see claims) and both ends' numbers among the holders (`owner_no`, `owned_no`): the
-- links among holders, a tenth of all links, which a walk up from a few outlets follows on any date without hashing
-- every link.
create view interests_into_holders as
    select claims.*, owners.holder_no as owner_no, holders.holder_no as owned_no
    from claims
    join interest_holders as holders on holders.entity_id = claims.owned_id
    join interest_holders as owners on owners.entity_id = claims.owner_id
    where claims.interest <> 'affiliation';

-- One row per claim in interests_into_holders that holds on `as_of`.
create macro interests_into_holders_as_of(as_of) as table
    select claims.* exclude (holds_from, holds_until)
    from interests_into_holders as claims
    where holds_on(claims.holds_from, claims.holds_until, as_of);

-- The holders that never control: dispersed ones (free float).
create view dispersed_holders as
    select organisations.org_id as entity_id from organisations where organisations.kind = 'dispersed';

-- One row per outlet that exists on `as_of`: founded on or before it (or undated) and not closed by it.
create macro outlets_as_of(as_of) as table
    select outlets.*
    from outlets
    where (outlets.founded is null or outlets.founded <= as_of) and (outlets.closed is null or outlets.closed > as_of);


-- One row per owned entity about which the curated layer claims a shareholding or control (on any date): for
-- these, the other layers' claims are set aside.
create view curated_claims as
    select distinct ownership.owned_id
    from ownership
    where ownership.layer = 'curated' and is_ownership(ownership.interest, ownership.share_max);

-- One row per claim that counts as ownership, on the dates it holds:
--   * a shareholding or control that is not a 0% stake, where curated wins: when the curated layer claims one in an
--     entity, the other layers' claims about that entity are set aside;
--   * licensees: an entity that no claim says anyone holds, but that operators run (as broadcasting registries attach
--     an outlet to the company licensed to run it), is held by them and their owners' interests pass through: a
--     sole operator holds it whole, several hold unknown shares.
create view ownership_claims as
    with operated as (
        select claims.*, count(*) over (partition by claims.owned_id) as operators
        from claims
        where claims.interest = 'operator'
            and claims.owned_id not in (
                select held.owned_id from claims as held where is_ownership(held.interest, held.share_max)
            )
    )

    select claims.*
    from claims
    where is_ownership(claims.interest, claims.share_max)
        and (claims.layer = 'curated' or claims.owned_id not in (select owned_id from curated_claims))
    union all
    select operated.* exclude (operators) replace (
        if(operated.operators = 1, 'control', 'shareholding') as interest,
        if(operated.operators = 1, 100, null)::double as share_min,
        if(operated.operators = 1, 100, null)::double as share_max
    )
    from operated;

-- One row per claim that counts as ownership on `as_of` (see ownership_claims), but an interest in or by an outlet
-- that does not exist on `as_of`. The rules for one date: holding_periods_built below holds them for every date, and
-- a test holds the two equal.
create macro holdings_computed(as_of) as table
    with absent_outlets as (
        select outlets.outlet_id from outlets where outlets.founded > as_of or outlets.closed <= as_of
    )

    select counted.* exclude (holds_from, holds_until)
    from ownership_claims as counted
    where holds_on(counted.holds_from, counted.holds_until, as_of)
        and counted.owned_id not in (select outlet_id from absent_outlets)
        and counted.owner_id not in (select outlet_id from absent_outlets);

-- One row per shareholding or control interest that look-through and control use on some date, with the dates in
-- which it counts (from `valid_from`, until before `valid_until`; null ends are open): its own start and end,
-- narrowed to the life of its owner and of what it holds where they are outlets (holdings_computed states the same
-- for one date; a test holds the two equal). Reading any date's holdings is then a filter. `into_owner` says the owned entity owns something on some date and
-- `claims_in_owned` how many of these claims it has held in it: look-through joins the claims in entities that own
-- nothing straight onto the paths among owners, merging only those of entities held by more than one claim.
-- (The counted holdings are staged first: with their number known, DuckDB hashes the outlets to look their lives up,
-- where from its estimate it hashed two million holdings and ran out of the build's memory.)
create temp table counted_holdings as
    select * from ownership_claims;

create temp table kept_holdings as
    with narrowed as (
        select
            counted.*,
            greatest(counted.holds_from, owner_outlet.founded, owned_outlet.founded) as valid_from,
            least(counted.holds_until, owner_outlet.closed, owned_outlet.closed) as valid_until
        from counted_holdings as counted
        left join outlets as owner_outlet on owner_outlet.outlet_id = counted.owner_id
        left join outlets as owned_outlet on owned_outlet.outlet_id = counted.owned_id
    )

    select narrowed.* exclude (holds_from, holds_until)
    from narrowed
    where narrowed.valid_from is null or narrowed.valid_until is null or narrowed.valid_from < narrowed.valid_until;

drop table counted_holdings;

-- (Counted into small tables first, which the sort then joins: held in one statement, the claims did not fit in
-- the build's memory at a million outlets.)
create temp table holders as
    select distinct kept_holdings.owner_id from kept_holdings;

create temp table claims_held as
    select kept_holdings.owned_id, count(*) as claims_in_owned from kept_holdings group by kept_holdings.owned_id;

create view holding_periods as
    select kept.*, holders.owner_id is not null as into_owner, claims_held.claims_in_owned
    from kept_holdings as kept
    join claims_held on claims_held.owned_id = kept.owned_id
    left join holders on holders.owner_id = kept.owned_id;

-- The same rows, which the build stores again sorted by owner (see STORED).
create view holding_periods_by_owner as
    select * from holding_periods;

-- One row per shareholding or control interest that counts on `as_of` (see holdings_computed). When `wanted` is
-- false nothing is read.
create macro holdings_as_of(as_of, wanted := true) as table
    select holdings.* exclude (valid_from, valid_until, into_owner, claims_in_owned)
    from (select 1 as open where wanted) as gate, holding_periods as holdings
    where (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- The same rows, read from the copy sorted by owner.
create macro holdings_by_owner_as_of(as_of, wanted := true) as table
    select holdings.* exclude (valid_from, valid_until, into_owner, claims_in_owned)
    from (select 1 as open where wanted) as gate, holding_periods_by_owner as holdings
    where (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- One row per owner→owned pair held on `as_of`. Parallel claims about one pair (a control interest beside a
-- shareholding, one stake reported twice) are one edge with the largest known share, never added up. `owners` is
-- the number of owners of the owned entity, `controlling_owners` the number of them that can control (not
-- dispersed), and `into_leaf` says whether the owned entity owns nothing itself.
create macro ownership_edges_as_of(as_of, wanted := true) as table
    with edges as (
        select
            holdings.owner_id,
            holdings.owned_id,
            max(holdings.share_min) as share_min,
            max(holdings.share_max) as share_max,
            bool_or(holdings.interest = 'control') as has_control
        from holdings_as_of(as_of, wanted := wanted) as holdings
        group by holdings.owner_id, holdings.owned_id
    ),

    owners as (
        select distinct edges.owner_id from edges
    ),

    flagged as (
        select edges.*, dispersed.entity_id is not null as owner_dispersed
        from edges
        left join dispersed_holders as dispersed on dispersed.entity_id = edges.owner_id
    ),

    -- Counted by a grouping joined back: a window over two million edges costs three times as much.
    owner_counts as (
        select
            flagged.owned_id,
            count(*) as owners,
            count(*) filter (where not flagged.owner_dispersed) as controlling_owners
        from flagged
        group by flagged.owned_id
    )

    select
        flagged.*,
        owner_counts.owners,
        owner_counts.controlling_owners,
        owners.owner_id is null as into_leaf
    from flagged
    join owner_counts on owner_counts.owned_id = flagged.owned_id
    left join owners on owners.owner_id = flagged.owned_id;
