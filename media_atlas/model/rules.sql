-- The ownership rules, read top to bottom: each section uses only what the sections above it define. The build
-- runs them in this order; after a section it stores the views STORED (media_atlas/model/__init__.py) lists
-- for it, so the sections below read stored rows through the same views.
--
-- Contents:
--   1. attributes: an entity's attributes fused across layers
--   2. entities: one id namespace and its search text
--   3. time: each entity's life, the dates each claim is asserted on, and pieces of time
--   4. claims: which interests are ownership, curated wins, licensees, dispersed holders
--   5. control: the controlling owner and group on any date
--   6. paths: paths among owners and the depth cap
--   7. lookthrough: effective shares through every path
--   8. listings: what the tables list: outlets, organisations, partnerships, group sizes and counts
--   9. concentration: market shares, CR4, HHI and the risk band

-- § attributes: an entity's attributes fused across layers

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

-- § entities: one id namespace and its search text

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

-- The same rows, which the build stores again in the order a search lists the names that match it equally well
-- (see STORED and queries/entity_search.sql).
create view entities_by_name as
    select * from entities;

-- § time: each entity's life, the dates each claim is asserted on, and pieces of time

-- One row per outlet and organisation whose life the atlas dates: from its founding until its closure (an outlet) or
-- dissolution (an organisation), open where unknown. An interest counts only while its holder and what it holds
-- exist: a company dissolved, or not yet founded, holds nothing, whatever an undated claim's source says.
create view entity_lives as
    select outlets.outlet_id as entity_id, outlets.founded, outlets.closed as ended
    from outlets
    where outlets.founded is not null or outlets.closed is not null
    union all
    select organisations.org_id, organisations.founded, organisations.dissolved
    from organisations
    where organisations.founded is not null or organisations.dissolved is not null;

-- One row per ownership claim with the dates it is asserted on: from `holds_from` until before `holds_until` (null:
-- open). A claim holds from its start date; an undated one from its source's date (published, else retrieved), since
-- a source supports a claim from the day it states it, not before. Both are narrowed to the lives of its holder and
-- of what it holds (entity_lives). A claim whose source is dated after its end, or whose holder is dissolved before
-- its source's date, is asserted on no date: it is listed with its end, "since an unknown date", and counts on none.
create view claims as
    select
        ownership.*,
        greatest(
            coalesce(ownership.start_date, sources.published_on, sources.retrieved_on), owner_life.founded,
            owned_life.founded
        ) as holds_from,
        least(ownership.end_date, owner_life.ended, owned_life.ended) as holds_until
    from ownership
    left join sources on sources.source_id = ownership.source_id
    left join entity_lives as owner_life on owner_life.entity_id = ownership.owner_id
    left join entity_lives as owned_life on owned_life.entity_id = ownership.owned_id;

-- Whether a claim holds on `as_of` (an ISO date string; partial dates compare as their first day).
create macro holds_on(holds_from, holds_until, as_of) as
    (holds_from is null or holds_from <= as_of) and (holds_until is null or holds_until > as_of);

-- Whether a period from `valid_from` until before `valid_until` (null: open) holds on any day: a claim whose source or
-- parties' lives leave it none is asserted on no date.
create macro holds_on_some_day(valid_from, valid_until) as
    valid_from is null or valid_until is null or valid_from < valid_until;

-- The pieces of time that the dates `cuts` (in any order, with repeats and nulls) cut all time into, as
-- (valid_from, valid_until) pairs with null for an open end: (null, first), (first, second), ..., (last, null); one
-- piece, (null, null), when there is no date.
-- (The sorted days are made once, inside a one-element list: a macro's argument is copied wherever it is named.)
create macro pieces_between(cuts) as
    list_transform(
        [list_sort(list_distinct(cuts))], lambda days: list_zip([null::varchar] || days, days || [null::varchar])
    )[1];

-- One row per key and piece of time that the starts and ends of its periods cut all time into (pieces_between):
-- `periods` names a table or CTE of `key`, `valid_from` and `valid_until`, like query_table.
create macro pieces_of(periods) as table
    select cut.key, cut.piece[1] as valid_from, cut.piece[2] as valid_until
    from (
        select periods.key, unnest(pieces_between(list(periods.valid_from) || list(periods.valid_until))) as piece
        from query_table(periods) as periods
        group by periods.key
    ) as cut;

-- § claims: which interests are ownership, curated wins, licensees, dispersed holders

-- Building blocks that several named queries share, created in the database at build time.
-- Each states its grain and parameters like a query does.
--
-- Ownership rules every ownership view follows:
--   * `affiliation` is a network or brand tie, not ownership; `operator` and `publisher` run an outlet without
--     holding it, so they count neither for look-through nor for control (they stay visible as direct interests);
--   * an interest counts on D if it started on or before D and has not ended by D (partial ISO dates compare as
--     strings, so they mean their first day); an outlet counts if founded by D and not closed by D, and an interest
--     only while its holder and what it holds exist (an organisation from its founding until its dissolution);
--   * curated wins: when the curated layer claims any shareholding or control in an entity (on any date), the
--     other layers' claims about that entity are set aside (they stay in `ownership` and are listed as conflicts).
--
-- Look-through and control over the whole graph are expensive at a million outlets, so the build stores them:
-- every holding, every edge and path among owners (model/rules.sql § paths) and every outlet's row with its controlling
-- group, with the dates they hold in (`holding_periods`, `owner_edge_periods`, `owner_closure`, `outlet_rows`), and
-- what else media_atlas/model/__init__.py lists in STORED, which any date reads with a filter, so any date costs what
-- today costs and no stored row depends on the day the build runs.
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
--     an outlet to the company licensed to run it), is held by them and their owners' interests pass through: on
--     each date a sole operator holds it whole, several hold unknown shares. A licence passed on, or renewed, leaves
--     one operator on each date: its claims are cut into the pieces of time between the operators' starts and ends.
create view ownership_claims as
    with operator_claims as (
        select claims.*
        from claims
        where claims.interest = 'operator'
            and claims.owned_id not in (
                select held.owned_id from claims as held where is_ownership(held.interest, held.share_max)
            )
    ),

    operator_periods as (
        select operators.owned_id as key, operators.holds_from as valid_from, operators.holds_until as valid_until
        from operator_claims as operators
    ),

    operated as (
        select
            operators.* replace (pieces.valid_from as holds_from, pieces.valid_until as holds_until),
            count(distinct operators.owner_id) over (partition by pieces.key, pieces.valid_from) as operators
        from pieces_of('operator_periods') as pieces
        join operator_claims as operators
            on operators.owned_id = pieces.key
            and (operators.holds_from is null
                or (pieces.valid_from is not null and operators.holds_from <= pieces.valid_from))
            and (operators.holds_until is null
                or (pieces.valid_until is not null and operators.holds_until >= pieces.valid_until))
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

-- One row per claim that counts as ownership on `as_of` (see ownership_claims). The rule for one date:
-- holding_periods below holds them for every date, and a test holds the two equal.
create macro holdings_computed(as_of) as table
    select counted.* exclude (holds_from, holds_until)
    from ownership_claims as counted
    where holds_on(counted.holds_from, counted.holds_until, as_of);

-- One row per shareholding or control interest that look-through and control use on some date, with the dates in
-- which it counts (from `valid_from`, until before `valid_until`; null ends are open): its claim's (see claims;
-- holdings_computed states the same for one date, and a test holds the two equal). Reading any date's holdings is
-- then a filter. `into_owner` says the owned entity owns something on some date and `claims_in_owned` how many of
-- these claims it has held in it: look-through joins the claims in entities that own nothing straight onto the paths
-- among owners, merging only those of entities held by more than one claim.
create temp table kept_holdings as
    select
        counted.* exclude (holds_from, holds_until),
        counted.holds_from as valid_from,
        counted.holds_until as valid_until
    from ownership_claims as counted
    where holds_on_some_day(counted.holds_from, counted.holds_until);

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

-- One row per shareholding or control interest that counts on `as_of` (see holdings_computed).
create macro holdings_as_of(as_of) as table
    select holdings.* exclude (valid_from, valid_until, into_owner, claims_in_owned)
    from holding_periods as holdings
    where holds_on(holdings.valid_from, holdings.valid_until, as_of);

-- The same rows, read from the copy sorted by owner.
create macro holdings_by_owner_as_of(as_of) as table
    select holdings.* exclude (valid_from, valid_until, into_owner, claims_in_owned)
    from holding_periods_by_owner as holdings
    where holds_on(holdings.valid_from, holdings.valid_until, as_of);

-- One row per owner→owned pair held on `as_of`. Parallel claims about one pair (a control interest beside a
-- shareholding, one stake reported twice) are one edge with the largest known share, never added up. `owners` is
-- the number of owners of the owned entity, `controlling_owners` the number of them that can control (not
-- dispersed), and `into_leaf` says whether the owned entity owns nothing itself.
create macro ownership_edges_as_of(as_of) as table
    with edges as (
        select
            holdings.owner_id,
            holdings.owned_id,
            max(holdings.share_min) as share_min,
            max(holdings.share_max) as share_max,
            bool_or(holdings.interest = 'control') as has_control
        from holdings_as_of(as_of) as holdings
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

-- § control: the controlling owner and group on any date

-- A share above this (percent, for certain: the lower end of a range) controls.
create macro control_majority() as 50;

-- Over the edges into one entity (an aggregate): its majority owner (more than 50% for certain) or an owner with an
-- explicit `control` interest, the largest share first, then by id; failing that, its largest known shareholder if
-- no other owner holds as much (four owners of 25% each: nobody controls); null when neither.
create macro majority_or_largest_owner(owner_id, share_min, has_control) as coalesce(
    arg_min(owner_id, (-coalesce(share_min, -1), owner_id)) filter (where has_control or share_min > control_majority()),
    if(max(share_min, 2)[1] > coalesce(max(share_min, 2)[2], -1), arg_max(owner_id, share_min), null)
);

-- One row per owned entity that has a controlling owner on `as_of`: majority_or_largest_owner of its owners; failing
-- that, a single owner of unknown share. Dispersed holders (free float) never control and are left out, as if their
-- shares were held by nobody.
-- An entity with one owner is controlled by it whatever its share (each rule above says so), so only entities with
-- several owners are grouped: at two million links, most of them have one, and the grouping is most of the cost.
-- (One grouping with arg_min over a sort key: a window function costs several times more.)
create macro controlling_owner_as_of(as_of) as table
    with edges as (
        select * from ownership_edges_as_of(as_of) as edges where not edges.owner_dispersed
    ),

    shared as (
        select
            edges.owned_id,
            majority_or_largest_owner(edges.owner_id, edges.share_min, edges.has_control) as owner_id
        from edges
        where edges.controlling_owners > 1
        group by edges.owned_id
    )

    select edges.owned_id, edges.owner_id from edges where edges.controlling_owners = 1
    union all
    select shared.owned_id, shared.owner_id from shared where shared.owner_id is not null;

-- One row per outlet existing on `as_of` that has a controlling group: the top of its chain of controlling
-- owners. A cycle stops the walk at the last entity before it repeats; the walk also stops at the depth cap.
-- Only entities that control something can lie on a cycle, so the walk starts from those alone and every other
-- outlet takes the top of its controlling owner's walk (a million outlets cost one join, not a million walks).
create macro controlling_groups_computed(as_of) as table
    with recursive controller as (
        select * from controlling_owner_as_of(as_of)
    ),

    controllers as (
        select distinct controller.owner_id as entity_id from controller
    ),

    walk(start_id, top_id, depth, visited) as (
        select controller.owned_id, controller.owner_id, 1, [controller.owned_id, controller.owner_id]
        from controller
        semi join controllers on controllers.entity_id = controller.owned_id
        union all
        select walk.start_id, controller.owner_id, walk.depth + 1, list_append(walk.visited, controller.owner_id)
        from walk
        join controller on controller.owned_id = walk.top_id
        where not list_contains(walk.visited, controller.owner_id) and walk.depth < lookthrough_depth_cap()
    ),

    tops as (
        select walk.start_id, arg_max(walk.top_id, walk.depth) as top_id from walk group by walk.start_id
    )

    select
        live.outlet_id,
        coalesce(own_walk.top_id, owner_walk.top_id, controller.owner_id) as group_id
    from outlets_as_of(as_of) as live
    join controller on controller.owned_id = live.outlet_id
    left join tops as own_walk on own_walk.start_id = live.outlet_id
    left join tops as owner_walk on owner_walk.start_id = controller.owner_id;

-- Control on every date at once, stored as periods, so that a date outside the stored window costs a filter instead
-- of the second it takes controlling_groups_computed to walk two million links. These tables follow the same rules
-- as the macros above (a test holds them equal on every date where something changes); the steps are:
--   1. each entity's controlling owner per period (from holding_periods): an entity held once is controlled by
--      that holding's owner while it counts; the others' lives are cut where any of their holdings starts or ends,
--      and the rules are applied to each piece;
--   2. the walk to the top from every entity that controls something, each step narrowed to the period in which
--      that link of the chain holds; per piece of time the deepest step reached is the top;
--   3. each outlet's periods: its controller's tops (its own walk's, when it controls something itself, as
--      controlling_groups_computed does). A holding counts only while the outlet it holds exists, so these fall
--      within the outlet's life.
-- Temporary tables hold the steps: they are read more than once and are not needed once the build is done.

create temp table controller_periods as
    -- (Only the columns control reads: read twice, these rows are materialised.)
    with controlling_holdings as (
        select holdings.owned_id, holdings.owner_id, holdings.valid_from, holdings.valid_until, holdings.share_min,
            holdings.interest
        from holding_periods as holdings
        anti join dispersed_holders as dispersed on dispersed.entity_id = holdings.owner_id
    ),

    held as (
        select
            holdings.owned_id,
            count(*) as holdings,
            any_value(holdings.owner_id) as owner_id,
            any_value(holdings.valid_from) as valid_from,
            any_value(holdings.valid_until) as valid_until
        from controlling_holdings as holdings
        group by holdings.owned_id
    ),

    held_more_than_once as (
        select holdings.*
        from controlling_holdings as holdings
        semi join held on held.owned_id = holdings.owned_id and held.holdings > 1
    ),

    held_periods as (
        select holdings.owned_id as key, holdings.valid_from, holdings.valid_until from held_more_than_once as holdings
    ),

    pieces as (
        select pieces.key as owned_id, pieces.valid_from, pieces.valid_until from pieces_of('held_periods') as pieces
    ),

    edges as (
        select
            pieces.owned_id,
            pieces.valid_from,
            any_value(pieces.valid_until) as valid_until,
            holdings.owner_id,
            max(holdings.share_min) as share_min,
            bool_or(holdings.interest = 'control') as has_control
        from pieces
        join held_more_than_once as holdings
            on holdings.owned_id = pieces.owned_id
            and (holdings.valid_from is null or holdings.valid_from <= pieces.valid_from)
            and (holdings.valid_until is null or holdings.valid_until >= pieces.valid_until)
        group by pieces.owned_id, pieces.valid_from, holdings.owner_id
    ),

    -- The rules of controlling_owner_as_of, per piece.
    controlled_pieces as (
        select
            edges.owned_id,
            edges.valid_from,
            any_value(edges.valid_until) as valid_until,
            if(
                count(*) = 1,
                any_value(edges.owner_id),
                majority_or_largest_owner(edges.owner_id, edges.share_min, edges.has_control)
            ) as owner_id
        from edges
        group by edges.owned_id, edges.valid_from
    )

    select held.owned_id, held.owner_id, held.valid_from, held.valid_until from held where held.holdings = 1
    union all
    select owned_id, owner_id, valid_from, valid_until from controlled_pieces where owner_id is not null;

-- The walk starts at depth 0 on every entity that controls something, over all time; each step keeps the part of
-- the period in which the next link holds.
create temp table control_walk as
    with recursive walk(start_id, top_id, depth, visited, valid_from, valid_until) as (
        select distinct owner_id, owner_id, 0, [owner_id], null::varchar, null::varchar from controller_periods
        union all
        select
            walk.start_id,
            controller.owner_id,
            walk.depth + 1,
            list_append(walk.visited, controller.owner_id),
            greatest(walk.valid_from, controller.valid_from),
            least(walk.valid_until, controller.valid_until)
        from walk
        join controller_periods as controller
            on controller.owned_id = walk.top_id
            and holds_on_some_day(walk.valid_from, controller.valid_until)
            and holds_on_some_day(controller.valid_from, walk.valid_until)
        where not list_contains(walk.visited, controller.owner_id) and walk.depth < lookthrough_depth_cap()
    )

    select start_id, top_id, depth, valid_from, valid_until from walk;

-- One row per entity that controls something × piece of time: the top of its walk then (itself where nothing
-- controls it, which the outlets' periods below leave out, as they are cut to the outlet's controlled periods).
create temp table control_tops as
    with walk_periods as (
        select walk.start_id as key, walk.valid_from, walk.valid_until from control_walk as walk
    ),

    pieces as (
        select pieces.key as start_id, pieces.valid_from, pieces.valid_until from pieces_of('walk_periods') as pieces
    )

    select
        pieces.start_id,
        pieces.valid_from,
        any_value(pieces.valid_until) as valid_until,
        arg_max(walk.top_id, walk.depth) as top_id
    from pieces
    join control_walk as walk
        on walk.start_id = pieces.start_id
        and (walk.valid_from is null or (pieces.valid_from is not null and walk.valid_from <= pieces.valid_from))
        and (walk.valid_until is null or (pieces.valid_until is not null and walk.valid_until >= pieces.valid_until))
    group by pieces.start_id, pieces.valid_from;

-- One row per outlet × period (from `valid_from`, until before `valid_until`; null ends are open) in which it exists
-- and has the controlling group `group_id`. The outlets' stored rows (model/rules.sql § listings) hold these periods.
create temp table group_periods as
    with controlled_outlets as (
        select controller.owned_id as outlet_id, controller.owner_id, controller.valid_from, controller.valid_until
        from controller_periods as controller
        semi join outlets on outlets.outlet_id = controller.owned_id
    ),

    periods as (
        select
            controlled.outlet_id,
            tops.top_id as group_id,
            greatest(controlled.valid_from, tops.valid_from) as valid_from,
            least(controlled.valid_until, tops.valid_until) as valid_until
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.owner_id
        where controlled.outlet_id not in (select start_id from control_tops)
        union all
        select
            controlled.outlet_id,
            tops.top_id,
            greatest(controlled.valid_from, tops.valid_from),
            least(controlled.valid_until, tops.valid_until)
        from controlled_outlets as controlled
        join control_tops as tops on tops.start_id = controlled.outlet_id
    ),

    -- A change below the top of an outlet's chain leaves its group as it was: adjacent periods of one group are one.
    marked as (
        select
            periods.*,
            lag(periods.group_id) over by_outlet is distinct from periods.group_id
                or lag(periods.valid_until) over by_outlet is distinct from periods.valid_from as starts_run
        from periods
        where holds_on_some_day(periods.valid_from, periods.valid_until)
        window by_outlet as (partition by periods.outlet_id order by periods.valid_from nulls first)
    ),

    runs as (
        select
            marked.*,
            sum(marked.starts_run::integer) over (
                partition by marked.outlet_id order by marked.valid_from nulls first rows unbounded preceding
            ) as run
        from marked
    )

    select
        runs.outlet_id,
        runs.group_id,
        if(bool_or(runs.valid_from is null), null, min(runs.valid_from)) as valid_from,
        if(bool_or(runs.valid_until is null), null, max(runs.valid_until)) as valid_until
    from runs
    group by runs.outlet_id, runs.group_id, runs.run;

drop table controller_periods;
drop table control_walk;
drop table control_tops;

-- § paths: paths among owners and the depth cap

-- The entities that own something on some date: paths are walked among them once, for every date; an entity that
-- never owns anything can only end a path.
create view ever_owners as
    select distinct holdings.owner_id as entity_id
    from holding_periods_by_owner as holdings;

-- The same entities numbered in the order of their ids, for the walk: the millions of paths are joined and grouped
-- by number (integers hash and sort cheaper than ids), and sorted by number they are sorted by id.
create temp table owner_numbers as
    select ever_owners.entity_id, (row_number() over (order by ever_owners.entity_id))::integer as number
    from ever_owners;

-- Each row of the table `periods` (owner_id, owned_id, valid_from, valid_until: from `valid_from`, until before
-- `valid_until`; null ends are open) once for each span of its pair's in which it holds, the span as its valid_from
-- and valid_until: a pair's spans are cut at every date one of its rows starts or ends, so on any date at most one of
-- a pair's spans holds, and grouping by pair and span gives the pair's rows on every date. A pair whose rows all
-- hold in one period (most) keeps it.
create macro in_spans(periods) as table
    -- '' and '~' stand for the open ends: they sort before and after every date.
    with dated as (
        select *, coalesce(valid_from, '') as span_start, coalesce(valid_until, '~') as span_end
        from query_table(periods)
    ),

    split_pairs as (
        select dated.owner_id, dated.owned_id
        from dated
        group by all
        having min(dated.span_start) <> max(dated.span_start) or min(dated.span_end) <> max(dated.span_end)
    ),

    bounds as (
        select dated.owner_id, dated.owned_id, dated.span_start as bound
        from dated semi join split_pairs using (owner_id, owned_id)
        union
        select dated.owner_id, dated.owned_id, dated.span_end
        from dated semi join split_pairs using (owner_id, owned_id)
    ),

    spans as (
        select bounds.owner_id, bounds.owned_id, bounds.bound as span_start,
            lead(bounds.bound) over (partition by bounds.owner_id, bounds.owned_id order by bounds.bound) as span_end
        from bounds
    )

    select dated.* exclude (span_start, span_end)
    from dated anti join split_pairs using (owner_id, owned_id)
    union all
    select dated.* exclude (span_start, span_end) replace (
        nullif(spans.span_start, '') as valid_from, nullif(spans.span_end, '~') as valid_until
    )
    from dated
    join spans on spans.owner_id = dated.owner_id and spans.owned_id = dated.owned_id
        and dated.span_start <= spans.span_start and dated.span_end >= spans.span_end;

create temp table holdings_into_owners as
    select holdings.* from holding_periods as holdings where holdings.into_owner;

-- One row per owner→owned pair of entities that own something on some date and span in which its holdings do not
-- change (see in_spans): the largest known shares of its claims then (parallel claims are one edge, never added
-- up). The walk among owners reads these once, for every date.
create view owner_edge_periods as
    select spanned.owner_id, spanned.owned_id, spanned.valid_from, spanned.valid_until,
        max(spanned.share_min) as share_min, max(spanned.share_max) as share_max
    from in_spans('holdings_into_owners') as spanned
    group by all;

-- One row per claim held on `as_of` in an entity that never owns anything, and whether that entity has had more than
-- one claim held in it (`shared`: look-through merges one owner's claims in it into one link, their largest shares;
-- any other's one claim is its link). Read from the holdings sorted by owner when `by_owner`, so a filter on the owner
-- reads a few row groups.
create macro leaf_claims_as_of(as_of, by_owner := false) as table
    select holdings.owner_id, holdings.owned_id, holdings.share_min, holdings.share_max,
        holdings.claims_in_owned > 1 as shared
    from holding_periods as holdings
    where not by_owner and not holdings.into_owner
        and (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of)
    union all
    select holdings.owner_id, holdings.owned_id, holdings.share_min, holdings.share_max,
        holdings.claims_in_owned > 1 as shared
    from holding_periods_by_owner as holdings
    where by_owner and not holdings.into_owner
        and (holdings.valid_from is null or holdings.valid_from <= as_of)
        and (holdings.valid_until is null or holdings.valid_until > as_of);

-- One row per simple path (no entity twice) of at most lookthrough_depth_cap() links from an owner down to an
-- entity that owns something on some date, with the period in which every link on it holds: its depth, its
-- effective share (the product of its shares; unknown when any share on it is unknown) and `cut`: it has
-- lookthrough_depth_cap() links and goes on, at its top or its bottom, in that period, so the walk stopped there.
-- Paths are walked once, for every date, between the owners' numbers.
create temp table owner_walk as
    with recursive edges_into_owners as (
        select owner.number as owner_id, owned.number as owned_id, edges.share_min, edges.share_max,
            coalesce(edges.valid_from, '') as valid_from, coalesce(edges.valid_until, '~') as valid_until
        from owner_edge_periods as edges
        join owner_numbers as owner on owner.entity_id = edges.owner_id
        join owner_numbers as owned on owned.entity_id = edges.owned_id
    ),

    owner_paths(owner_id, owned_id, depth, effective_min, effective_max, valid_from, valid_until, visited) as (
        select owner_id, owned_id, 1, share_min, share_max, valid_from, valid_until, [owner_id, owned_id]
        from edges_into_owners
        union all
        select
            edges.owner_id,
            owner_paths.owned_id,
            owner_paths.depth + 1,
            edges.share_min * owner_paths.effective_min / 100,
            edges.share_max * owner_paths.effective_max / 100,
            greatest(edges.valid_from, owner_paths.valid_from),
            least(edges.valid_until, owner_paths.valid_until),
            list_prepend(edges.owner_id, owner_paths.visited)
        from owner_paths
        join edges_into_owners as edges on edges.owned_id = owner_paths.owner_id
            and edges.valid_from < owner_paths.valid_until and edges.valid_until > owner_paths.valid_from
        where not list_contains(owner_paths.visited, edges.owner_id) and owner_paths.depth < lookthrough_depth_cap()
    ),

    capped as (
        select owner_paths.* from owner_paths where owner_paths.depth = lookthrough_depth_cap()
    ),

    cut_paths as (
        select distinct capped.visited
        from capped
        join edges_into_owners as edges
            on (edges.owned_id = capped.owner_id and not list_contains(capped.visited, edges.owner_id))
            or (edges.owner_id = capped.owned_id and not list_contains(capped.visited, edges.owned_id))
        where edges.valid_from < capped.valid_until and edges.valid_until > capped.valid_from
    )

    select
        owner_paths.owner_id,
        owner_paths.owned_id,
        nullif(owner_paths.valid_from, '') as valid_from,
        nullif(owner_paths.valid_until, '~') as valid_until,
        owner_paths.effective_min,
        owner_paths.effective_max,
        owner_paths.depth,
        cut_paths.visited is not null as cut
    from owner_paths
    left join cut_paths on cut_paths.visited = owner_paths.visited and owner_paths.depth = lookthrough_depth_cap();

-- One row per pair of entities that own something on some date and span in which the paths joining them do not
-- change (see in_spans): the effective share summed over the paths (not yet capped at 100; unknown when any path's
-- share is unknown), the shortest path's depth, the number of paths, the longest one's depth and whether a path
-- was cut at the depth cap. Stored twice, sorted by owner and by owned entity, so any date's look-through of one
-- entity reads a few row groups.
create temp table owner_closure_numbered as
    select
        spanned.owner_id as owner_number,
        spanned.owned_id as owned_number,
        spanned.valid_from,
        spanned.valid_until,
        if(count(spanned.effective_min) = count(*), sum(spanned.effective_min), null) as effective_min,
        if(count(spanned.effective_max) = count(*), sum(spanned.effective_max), null) as effective_max,
        min(spanned.depth) as depth,
        count(*) as paths,
        max(spanned.depth) as longest,
        bool_or(spanned.cut) as cut
    from in_spans('owner_walk') as spanned
    group by spanned.owner_id, spanned.owned_id, spanned.valid_from, spanned.valid_until;

drop table owner_walk;

-- The rows of owner_closure_numbered with the owners' ids beside their numbers (sorted by number, they are sorted by
-- id).
create view owner_closure as
    select owner.entity_id as owner_id, owned.entity_id as owned_id, closure.*
    from owner_closure_numbered as closure
    join owner_numbers as owner on owner.number = closure.owner_number
    join owner_numbers as owned on owned.number = closure.owned_number;

-- The same rows, which the build stores again sorted by owned entity (see STORED).
create view owner_closure_by_owned as
    select * from owner_closure;

-- One row per (owner, owned) pair of entities that own something on some date, joined by at least one path on
-- `as_of` (see owner_closure), read from the copy sorted by owned entity when `by_owned`, so a filter on it
-- reads a few row groups.
create macro owner_closure_as_of(as_of, by_owned := false) as table
    select closure.* exclude (valid_from, valid_until, owner_number, owned_number)
    from owner_closure as closure
    where not by_owned and (closure.valid_from is null or closure.valid_from <= as_of)
        and (closure.valid_until is null or closure.valid_until > as_of)
    union all
    select closure.* exclude (valid_from, valid_until, owner_number, owned_number)
    from owner_closure_by_owned as closure
    where by_owned and (closure.valid_from is null or closure.valid_from <= as_of)
        and (closure.valid_until is null or closure.valid_until > as_of);

-- § lookthrough: effective shares through every path

-- Look-through: the effective share of every owner in everything it holds on `as_of`, through every path of
-- holdings. The rule (lookthrough_over) is written once, over the rows it is given; lookthrough_as_of gives it every
-- row, lookthrough_into and lookthrough_from the rows one entity's look-through needs, so one entity's rows are
-- the look-through filtered to it, read in a few row groups and planned in a fraction of the whole's time.

-- One row per path on `as_of` that ends with a link from a start into an entity that never owns anything (given as
-- the names of tables or CTEs, like query_table): a start is an owner itself (depth 0) or a pair of owners joined
-- by paths (`pairs`, summed already); the link's share extends the start's effective share.
create macro paths_extended(starts, links) as table
    select
        starts.owner_id,
        links.owned_id,
        if(starts.depth = 0, links.share_min, starts.effective_min * links.share_min / 100) as effective_min,
        if(starts.depth = 0, links.share_max, starts.effective_max * links.share_max / 100) as effective_max,
        starts.depth + 1 as depth,
        starts.paths,
        starts.cut
    from query_table(starts) as starts
    join query_table(links) as links on links.owner_id = starts.owned_id;

-- One row per (owner, owned) pair joined by at least one path of holdings on `as_of`, from the rows given (names of
-- tables or CTEs): `pairs`, the pairs among entities that own something (owner_closure_as_of); `starts`, where a
-- last link can start (those pairs, and each owner itself at depth 0); `leaf_claims`, the claims held in entities
-- that never own anything (leaf_claims_as_of) that extend them. The effective share is summed over every simple path
-- (the product of the shares along it; mins summed, maxes summed, capped at 100; unknown when any path's share is
-- unknown), with the shortest path's depth, the number of paths and `cut`: a path through the pair reached
-- lookthrough_depth_cap() links among owners and was not followed further, so the share leaves out what lies
-- beyond it.
-- An entity that owns nothing cannot lie on a cycle, so the paths among owners are walked once, at build time, for
-- every date (owner_closure) and each holding of an entity that never owns anything just extends them: a million
-- outlets cost one join, not a million walks, on any date. The depth cap applies to the walk among owners; that
-- last link comes on top of it. Only an entity that has had more than one claim held in it (`shared`) can be
-- reached by more than one path from one owner, so only those pairs are summed, and one owner's claims in it are
-- one link with their largest shares (parallel claims are never added up). Not stored: at a million outlets it has
-- over ten million rows, which take longer to write than to compute from the stored paths and holdings.
create macro lookthrough_over(pairs, starts, leaf_claims) as table
    with single_links as not materialized (
        select claims.owner_id, claims.owned_id, claims.share_min, claims.share_max
        from query_table(leaf_claims) as claims
        where not claims.shared
    ),

    shared_links as (
        select claims.owner_id, claims.owned_id, max(claims.share_min) as share_min, max(claims.share_max) as share_max
        from query_table(leaf_claims) as claims
        where claims.shared
        group by claims.owner_id, claims.owned_id
    ),

    summed as (
        select pairs.owner_id, pairs.owned_id, pairs.effective_min, pairs.effective_max, pairs.depth, pairs.paths,
            pairs.cut
        from query_table(pairs) as pairs
        union all
        select * from paths_extended(starts, 'single_links')
        union all
        select
            shared.owner_id,
            shared.owned_id,
            if(count(shared.effective_min) = count(*), sum(shared.effective_min), null),
            if(count(shared.effective_max) = count(*), sum(shared.effective_max), null),
            min(shared.depth),
            sum(shared.paths)::bigint,
            bool_or(shared.cut)
        from paths_extended(starts, 'shared_links') as shared
        group by shared.owner_id, shared.owned_id
    )

    select
        summed.owner_id,
        summed.owned_id,
        capped_share(summed.effective_min) as effective_min,
        capped_share(summed.effective_max) as effective_max,
        summed.depth,
        summed.paths,
        summed.cut
    from summed;

-- Each owner as the start of its own paths (depth 0, one path): owners_as_starts('name') for a table or CTE of
-- `owner_id`s.
create macro owners_as_starts(owners) as table
    select owners.owner_id, owners.owner_id as owned_id, null::double as effective_min, null::double as effective_max,
        0 as depth, 1::bigint as paths, false as cut
    from query_table(owners) as owners;

-- The look-through on `as_of` (see lookthrough_over): every pair.
create macro lookthrough_as_of(as_of) as table
    with pairs as not materialized (
        select * from owner_closure_as_of(as_of)
    ),

    owners as not materialized (
        select ever_owners.entity_id as owner_id from ever_owners
    ),

    starts as not materialized (
        select * from owners_as_starts('owners')
        union all
        select * exclude (longest) from pairs
    ),

    claims as not materialized (
        select * from leaf_claims_as_of(as_of)
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');

-- The look-through on `as_of` filtered to the pairs whose owned entity is `owned`: the paths into it end at it
-- (among owners) or at the claims held in it, extended from their owners and the paths into those.
create macro lookthrough_into(as_of, owned) as table
    with claims as (
        select * from leaf_claims_as_of(as_of) as claims where claims.owned_id = owned
    ),

    pairs as (
        select * from owner_closure_as_of(as_of, by_owned := true) as closure where closure.owned_id = owned
    ),

    owners as (
        select distinct claims.owner_id from claims
    ),

    starts as (
        select * from owners_as_starts('owners')
        union all
        select closure.* exclude (longest)
        from owner_closure_as_of(as_of, by_owned := true) as closure
        semi join owners on owners.owner_id = closure.owned_id
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');

-- The look-through on `as_of` filtered to the pairs whose owner is `owner`: the paths from it to the owners below it
-- and the claims those owners, or it, hold in entities that never own anything.
create macro lookthrough_from(as_of, owner) as table
    with pairs as (
        select * from owner_closure_as_of(as_of) as closure where closure.owner_id = owner
    ),

    owners as (
        select owner as owner_id
    ),

    starts as (
        select * from owners_as_starts('owners')
        union all
        select * exclude (longest) from pairs
    ),

    -- A join, so the claims sorted by owner are read in the few row groups that hold them.
    claims as (
        select claims.*
        from leaf_claims_as_of(as_of, by_owner := true) as claims
        semi join starts on starts.owned_id = claims.owner_id
    )

    select * from lookthrough_over('pairs', 'starts', 'claims');

-- § listings: what the tables list: outlets, organisations, partnerships, group sizes and counts

-- One row per party to a partnership with the party's name, type and country.
create view partnership_parties_named as
    select
        partnership_parties.*,
        entities.name as party_name,
        entities.entity_type as party_type,
        entities.country as party_country
    from partnership_parties
    join entities on entities.entity_id = partnership_parties.party_id;

-- One row per partnership as the partnership views list it: its parties' names with countries, the countries as
-- text, whether it crosses a border (parties from more than one country), and its source.
create view partnerships_listed as
    with summaries as (
        select
            parties.partnership_id,
            string_agg(parties.party_name || coalesce(' (' || parties.party_country || ')', ''), '; '
                order by parties.party_name, parties.party_id) as parties,
            array_to_string(list_sort(list_distinct(list(parties.party_country))), ', ') as party_countries,
            count(distinct parties.party_country) > 1 as cross_border
        from partnership_parties_named as parties
        group by parties.partnership_id
    )

    select
        partnerships.partnership_id,
        partnerships.title,
        partnerships.kind,
        partnerships.signed_on,
        partnerships.place,
        partnerships.status,
        summaries.parties,
        summaries.party_countries,
        coalesce(summaries.cross_border, false) as cross_border,
        partnerships.summary,
        partnerships.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from partnerships
    left join summaries on summaries.partnership_id = partnerships.partnership_id
    left join sources on sources.source_id = partnerships.source_id;


-- Each period of an outlet's group (group_periods, model/rules.sql § control) with its dates as dates, whether it is the
-- outlet's first and when the next one starts: found over the periods alone, so the window does not carry every
-- outlet's columns through its sort. A period between two partial dates of the same first day ('2006' until
-- '2006-01') holds on no day: it is left out, so no two rows of an outlet are listed from the same day.
create temp table placed_periods as
    select
        periods.*,
        coalesce(first_day(periods.valid_from), '-infinity'::date) as group_from,
        coalesce(first_day(periods.valid_until), 'infinity'::date) as group_until,
        lead(periods.valid_from) over by_outlet as next_from,
        row_number() over by_outlet = 1 as first_period
    from group_periods as periods
    where group_from < group_until
    window by_outlet as (partition by periods.outlet_id order by periods.valid_from nulls first);

drop table group_periods;

-- One row per outlet and period between changes of its controlling group, as the tables list it: its columns with
-- its country's name and its source; its controlling group while it holds (`group_from`, until before
-- `group_until`, as dates; `group_valid_from`, `group_valid_until` as the data states them); the dates the row
-- stands for the outlet (`listed_from`, until before `listed_until`: from one period's start to the next's, the
-- first from the beginning of time and the last to its end, so on any date exactly one row lists each outlet, with
-- no group between and after its periods); and what filters test: the first day it exists and the first day it no
-- longer does, its founding year and its search text. Open ends are -infinity/infinity, so every test is a plain
-- range test.
create view outlet_rows as
    select
        outlets.outlet_id,
        outlets.name,
        outlets.local_name,
        outlets.media_type,
        outlets.periodicity,
        outlets.country,
        countries.name as country_name,
        outlets.language,
        outlets.founded,
        outlets.closed,
        outlets.website,
        periods.group_id,
        group_entity.name as group_name,
        outlets.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        outlets.layer,
        coalesce(first_day(outlets.founded), '-infinity'::date) as exists_from,
        coalesce(first_day(outlets.closed), 'infinity'::date) as exists_until,
        year(first_day(outlets.founded)) as founded_year,
        searched.search_text,
        if(coalesce(periods.first_period, true), '-infinity'::date, periods.group_from) as listed_from,
        coalesce(first_day(periods.next_from), 'infinity'::date) as listed_until,
        coalesce(periods.group_from, 'infinity'::date) as group_from,
        coalesce(periods.group_until, 'infinity'::date) as group_until,
        periods.valid_from as group_valid_from,
        periods.valid_until as group_valid_until
    from outlets
    join entities as searched on searched.entity_id = outlets.outlet_id
    left join placed_periods as periods on periods.outlet_id = outlets.outlet_id
    left join entities as group_entity on group_entity.entity_id = periods.group_id
    left join countries on countries.code = outlets.country
    left join sources on sources.source_id = outlets.source_id;

-- One row per outlet × period in which it has the controlling group `group_id` (from `valid_from`, until before
-- `valid_until`; null ends are open), with its media type and country.
create view control_periods as
    select
        outlets.outlet_id,
        outlets.group_id,
        outlets.group_valid_from as valid_from,
        outlets.group_valid_until as valid_until,
        outlets.media_type,
        outlets.country
    from outlet_rows as outlets
    where outlets.group_id is not null;

-- One row per organisation as the tables list it: its columns with its country's name, its source and its search
-- text.
create view organisation_rows as
    select
        organisations.*,
        countries.name as country_name,
        sources.publisher as source_publisher,
        sources.url as source_url,
        searched.search_text
    from organisations
    join entities as searched on searched.entity_id = organisations.org_id
    left join countries on countries.code = organisations.country
    left join sources on sources.source_id = organisations.source_id;

-- What a row of an outlet's group (its `group_id` or `group_name`) says on the date `day`: the value while the group
-- holds (from `group_from`, until before `group_until`), else nothing.
create macro group_on(value, group_from, group_until, day) as
    if(group_from <= day and group_until > day, value, null);

-- One row per outlet (whether it exists on `as_of` or not) as the tables list it, with its controlling group on
-- `as_of`: the stored row that stands for it on that date, read in the order the rows are stored.
create macro outlet_rows_as_of(as_of) as table
    select outlets.* exclude (listed_from, listed_until, group_from, group_until, group_valid_from, group_valid_until)
    replace (
        group_on(outlets.group_id, outlets.group_from, outlets.group_until, first_day(as_of)) as group_id,
        group_on(outlets.group_name, outlets.group_from, outlets.group_until, first_day(as_of)) as group_name
    )
    from outlet_rows as outlets
    where outlets.listed_from <= first_day(as_of) and outlets.listed_until > first_day(as_of);

-- One row per outlet existing on `as_of` that has a controlling group (see controlling_groups_computed, which states
-- the rule for one date; a test holds the two equal).
create macro controlling_groups_as_of(as_of) as table
    select outlets.outlet_id, outlets.group_id from outlet_rows_as_of(as_of) as outlets where outlets.group_id is not null;

-- One row per controlling group on `as_of`: how many outlets it controls, with its name and country. The rule for
-- one date; group_sizes_as_of reads the same from periods (a test holds the two equal).
create macro group_sizes_computed(as_of) as table
    with controlled as (
        select outlets.group_id, count(*) as outlets
        from outlet_rows_as_of(as_of) as outlets
        where outlets.group_id is not null
        group by outlets.group_id
    )

    select controlled.group_id, entities.name as group_name, entities.country, controlled.outlets
    from controlled
    join entities on entities.entity_id = controlled.group_id;

-- The days on which a count changes (`changes`: one row per thing counted, its key, the first day it counts and the
-- first it no longer does, open ends as -infinity/infinity) as periods: one row per key and period in which the count
-- stays the same (from `valid_from`, until before `valid_until`), with the count; none where it is 0.
create macro counted_periods(changes) as table
    with deltas as (
        select changing.key, changing.counted_from as day, 1 as delta from query_table(changes) as changing
        union all
        select changing.key, changing.counted_until, -1
        from query_table(changes) as changing
        where changing.counted_until < 'infinity'::date
    ),

    by_day as (
        select deltas.key, deltas.day, sum(deltas.delta) as delta from deltas group by deltas.key, deltas.day
    ),

    running as (
        select
            by_day.key,
            by_day.day as valid_from,
            lead(by_day.day, 1, 'infinity'::date) over days as valid_until,
            sum(by_day.delta) over (days rows between unbounded preceding and current row) as counted
        from by_day
        window days as (partition by by_day.key order by by_day.day)
    )

    select running.key, running.counted::bigint as counted, running.valid_from, running.valid_until
    from running
    where running.counted > 0;

-- One row per controlling group and period in which it controls the same number of outlets: group_sizes_computed on
-- every date at once.
create view group_size_periods as
    with changes as (
        select outlets.group_id as key, outlets.group_from as counted_from, outlets.group_until as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null
    )

    select periods.key as group_id, entities.name as group_name, entities.country, periods.counted as outlets,
        periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods
    join entities on entities.entity_id = periods.key;

-- One row per controlling group on `as_of`, as group_sizes_computed.
create macro group_sizes_as_of(as_of) as table
    select sizes.* exclude (valid_from, valid_until)
    from group_size_periods as sizes
    where sizes.valid_from <= first_day(as_of) and sizes.valid_until > first_day(as_of);

-- One row per controlling group × media type on `as_of`: how many outlets of that type the group controls (an outlet
-- has a group only while it exists: see group_periods). The rule for one date; group_media_type_counts_as_of reads
-- the same from periods (a test holds the two equal).
create macro group_media_type_counts_computed(as_of) as table
    select outlets.group_id, outlets.media_type, count(*) as outlets
    from outlet_rows_as_of(as_of) as outlets
    where outlets.group_id is not null
    group by outlets.group_id, outlets.media_type;

-- One row per controlling group × media type and period in which the group controls the same number of outlets of
-- that type: group_media_type_counts_computed on every date at once.
create view group_media_type_periods as
    with changes as (
        select
            {'group_id': outlets.group_id, 'media_type': outlets.media_type} as key,
            outlets.group_from as counted_from,
            outlets.group_until as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null
    )

    select periods.key.group_id, periods.key.media_type, periods.counted as outlets, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- The rows of the periods table named `periods` that hold on `as_of`, without their dates.
create macro periods_on(periods, as_of) as table
    select stored.* exclude (valid_from, valid_until)
    from query_table(periods) as stored
    where stored.valid_from <= first_day(as_of) and stored.valid_until > first_day(as_of);

-- One row per controlling group × media type with outlets on `as_of`, as group_media_type_counts_computed.
create macro group_media_type_counts_as_of(as_of) as table from periods_on('group_media_type_periods', as_of);

-- One row per country × media type with outlets on `as_of` (a null country or type is a value of its own): how
-- many. The rule for one date; outlet_counts_as_of reads the same from periods (a test holds the two equal).
create macro outlet_counts_computed(as_of) as table
    select outlets.country, outlets.media_type, count(*) as outlets
    from outlet_rows_as_of(as_of) as outlets
    where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
    group by outlets.country, outlets.media_type;

-- One row per country × media type and period in which it has the same number of outlets: outlet_counts_computed on
-- every date at once.
create view outlet_count_periods as
    with changes as (
        select
            {'country': outlets.country, 'media_type': outlets.media_type} as key,
            coalesce(first_day(outlets.founded), '-infinity'::date) as counted_from,
            coalesce(first_day(outlets.closed), 'infinity'::date) as counted_until
        from outlets
    )

    select periods.key.country, periods.key.media_type, periods.counted as outlets, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- One row per country × media type with outlets on `as_of`, as outlet_counts_computed.
create macro outlet_counts_as_of(as_of) as table
    select counts.* exclude (valid_from, valid_until)
    from outlet_count_periods as counts
    where counts.valid_from <= first_day(as_of) and counts.valid_until > first_day(as_of);

-- How many interests hold on `as_of` (claims other than affiliations: interests_as_of), the headline's ownership
-- links. The rule for one date; interest_counts_as_of reads the same from periods (a test holds the two equal).
create macro interest_counts_computed(as_of) as table
    select count(*) as interests from interests_as_of(as_of) having count(*) > 0;

-- One row per period in which the same number of interests hold: interest_counts_computed on every date at once. A
-- claim counts from its first day to the first day of its end (holds_on compares the same days as text); one whose
-- source is dated after its end holds on no date.
create view interest_count_periods as
    with held as (
        select
            coalesce(first_day(claims.holds_from), '-infinity'::date) as counted_from,
            coalesce(first_day(claims.holds_until), 'infinity'::date) as counted_until
        from claims
        where claims.interest <> 'affiliation'
    ),

    changes as (
        select 'interests' as key, held.counted_from, held.counted_until
        from held
        where held.counted_from < held.counted_until
    )

    select periods.counted as interests, periods.valid_from, periods.valid_until
    from counted_periods(changes) as periods;

-- How many interests hold on `as_of`, as interest_counts_computed.
create macro interest_counts_as_of(as_of) as table from periods_on('interest_count_periods', as_of);

-- Whether `value` is one of `values`, an empty list meaning every value (as the sidebar's filters: nothing chosen is
-- all). Tested with list_contains: DuckDB plans `= any` as a join.
create macro listed_or_all(values, value) as len(values) = 0 or list_contains(values, value);

-- Whether a market (a country and media type) is among those chosen; empty lists mean all.
create macro market_chosen(countries, media_types, country, media_type) as
    listed_or_all(countries, country) and listed_or_all(media_types, media_type);

-- One row per outlet founded on or before `as_of` (or undated) that matches the sidebar's filters: countries,
-- controlling groups on `as_of` (see outlet_rows_as_of), media types, founding years (null for open) and the text
-- search `q` over names and aliases, ignoring case and accents. Empty lists mean all (listed_or_all). Whether it has
-- closed is each caller's to test (a timeline shows closed outlets).
create macro outlets_matching(as_of, countries, groups, media_types, founded_from, founded_to, q) as table
    select outlets.*
    from outlet_rows_as_of(as_of) as outlets
    where outlets.exists_from <= first_day(as_of)
        and listed_or_all(countries, outlets.country)
        and listed_or_all(groups, outlets.group_id)
        and listed_or_all(media_types, outlets.media_type)
        and (founded_from is null or outlets.founded_year >= founded_from)
        and (founded_to is null or outlets.founded_year <= founded_to)
        and (coalesce(q, '') = '' or contains(outlets.search_text, fold(q)));

-- § concentration: market shares, CR4, HHI and the risk band

-- What makes a market's concentration a verdict rather than an artefact of missing data: measured by outlet count,
-- at least this many outlets; and at least this share (percent) of its outlets, or of the audience the figures list,
-- with a known controlling group: an outlet without one counts as its own group, so a market of unknown owners
-- would look dispersed. By outlet count the market's outlets are the larger of those the atlas lists and its
-- published size (`market_sizes`), so a market of which the atlas lists a sliver does not look fully covered.
create macro concentration_min_outlets() as 5;
create macro concentration_min_coverage() as 50;

-- Audience figures count for a date from a period that started on or before it and at most this many calendar years
-- before it.
create macro audience_years_back() as 1;

-- The Media Ownership Monitor's risk bands for a CR4 (percent): low below the first bound, medium below the second.
create macro cr4_low_below() as 25;
create macro cr4_medium_below() as 50;
create macro risk_band(cr4) as
    case when cr4 < cr4_low_below() then 'low' when cr4 < cr4_medium_below() then 'medium' else 'high' end;

-- One row per market (country × media type) and controlling group on `as_of`: how many of the market's outlets
-- existing on that date the group controls, with the group's name (`own` false); and one row (`own` true) per outlet
-- existing then without a group of its own that is some outlet's controlling group at some time: where it controls
-- outlets of its market it is one group with them. The rule for one date; market_groups_as_of reads the same from
-- periods (a test holds the two equal).
create macro market_groups_computed(as_of) as table
    with existing as (
        select outlets.*
        from outlet_rows_as_of(as_of) as outlets
        where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
            and outlets.country is not null
    )

    select existing.country, existing.media_type, existing.group_id, existing.group_name, false as own, count(*) as outlets
    from existing
    where existing.group_id is not null
    group by existing.country, existing.media_type, existing.group_id, existing.group_name
    union all
    select existing.country, existing.media_type, existing.outlet_id, existing.name, true, 1
    from existing
    semi join control_periods on control_periods.group_id = existing.outlet_id
    where existing.group_id is null;

-- One row per market, group and period in which market_groups_computed gives the same row: it on every date at once.
-- An outlet counts for its group while it exists and the group holds; for itself while it exists before its first
-- group and after each group, until its next.
create view market_group_periods as
    with changes as (
        select
            {
                'country': outlets.country,
                'media_type': outlets.media_type,
                'group_id': outlets.group_id,
                'group_name': outlets.group_name,
                'own': false
            } as key,
            greatest(outlets.group_from, outlets.exists_from) as counted_from,
            least(outlets.group_until, outlets.exists_until) as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null and outlets.country is not null
            and greatest(outlets.group_from, outlets.exists_from) < least(outlets.group_until, outlets.exists_until)
        union all
        select
            {
                'country': own.country,
                'media_type': own.media_type,
                'group_id': own.outlet_id,
                'group_name': own.name,
                'own': true
            },
            spans.counted_from,
            spans.counted_until
        from outlet_rows as own
        semi join control_periods on control_periods.group_id = own.outlet_id
        cross join lateral (
            values
                (greatest(own.listed_from, own.exists_from), least(own.group_from, own.exists_until)),
                (greatest(own.group_until, own.exists_from), least(own.listed_until, own.exists_until))
        ) as spans(counted_from, counted_until)
        where own.country is not null and spans.counted_from < spans.counted_until
    )

    select
        periods.key.country as country,
        periods.key.media_type as media_type,
        periods.key.group_id as group_id,
        periods.key.group_name as group_name,
        periods.key.own as own,
        periods.counted as outlets,
        periods.valid_from,
        periods.valid_until
    from counted_periods(changes) as periods;

-- One row per market and controlling group on `as_of`, as market_groups_computed.
create macro market_groups_as_of(as_of) as table
    select sizes.* exclude (valid_from, valid_until)
    from market_group_periods as sizes
    where sizes.valid_from <= first_day(as_of) and sizes.valid_until > first_day(as_of);

-- One row per audience figure of an outlet in its own country's market and row of the outlet (outlet_rows: each
-- stands for it over `listed_from` until before `listed_until`), with the outlet's type, name and group periods.
create view audience_outlet_rows as
    select
        audience.outlet_id,
        audience.period,
        audience.share_pct,
        outlets.country,
        outlets.media_type,
        outlets.name,
        outlets.group_id,
        outlets.group_from,
        outlets.group_until,
        outlets.listed_from,
        outlets.listed_until,
        outlets.exists_from,
        outlets.exists_until
    from audience
    join outlet_rows as outlets on outlets.outlet_id = audience.outlet_id and outlets.country = audience.market;

-- One row per date `as_of` in `dates` and country × media type with outlets on it (only `countries` and `media_types`
-- when those lists are not empty): how concentrated its ownership is. Each outlet counts for its controlling group, or as its own
-- group when it has none. The basis is the audience share where `audience` covers the market (its `market` is the
-- country code) in a period that started on or before `as_of` and not before the previous calendar year (the
-- latest such period is used); otherwise each group's share of the market's outlets. CR4 is the four largest
-- groups' shares added up (ties by id), HHI the sum of every group's squared share (0–10,000). `coverage` is the
-- percent of the market's outlets (or, by audience, of the listed audience) whose controlling group is known,
-- `audience_listed` the percent of the audience the figures name. By outlet count the market's outlets for coverage
-- are the larger of `outlets` (those the atlas lists) and `published_size`, the latest count in `market_sizes` for a
-- period on or before `as_of` (`published_period`): known-group outlets over that. The risk band is risk_band(CR4),
-- or 'insufficient data' for a market less covered than concentration_min_coverage(), or measured by outlet count and
-- smaller than concentration_min_outlets().
create macro market_concentration(dates, countries, media_types) as table
    with on_dates as (
        select dates.as_of, first_day(dates.as_of) as day from (select distinct unnest(dates) as as_of) as dates
    ),

    market_outlets as (
        select on_dates.as_of, on_dates.day, counts.country, counts.media_type, counts.outlets
        from outlet_count_periods as counts
        join on_dates on counts.valid_from <= on_dates.day and counts.valid_until > on_dates.day
        where counts.country is not null
            and market_chosen(countries, media_types, counts.country, counts.media_type)
    ),

    -- Each controlling group with the outlets it controls (`controlled`) and, where it is an outlet of the market
    -- without a group of its own, itself.
    known_groups as (
        select
            on_dates.as_of,
            controlling.country,
            controlling.media_type,
            controlling.group_id,
            controlling.group_name,
            controlling.outlets as controlled,
            controlling.outlets + coalesce(itself.outlets, 0) as outlets,
            itself.outlets is not null as counts_itself
        from market_group_periods as controlling
        join on_dates on controlling.valid_from <= on_dates.day and controlling.valid_until > on_dates.day
        left join market_group_periods as itself
            on itself.own
            and itself.country = controlling.country
            and itself.media_type = controlling.media_type
            and itself.group_id = controlling.group_id
            and itself.valid_from <= on_dates.day and itself.valid_until > on_dates.day
        where not controlling.own
            and market_chosen(countries, media_types, controlling.country, controlling.media_type)
    ),

    -- The audience figures of each market's latest period, with each outlet's group on the date.
    audience_in_markets as (
        select
            on_dates.as_of,
            outlets.country,
            outlets.media_type,
            outlets.outlet_id,
            outlets.name,
            group_on(outlets.group_id, outlets.group_from, outlets.group_until, on_dates.day) as group_id,
            outlets.period,
            outlets.share_pct
        from audience_outlet_rows as outlets
        join on_dates
            on outlets.period <= on_dates.as_of
            and try_cast(left(outlets.period, 4) as integer) >= year(on_dates.day) - audience_years_back()
            and outlets.listed_from <= on_dates.day and outlets.listed_until > on_dates.day
            and outlets.exists_from <= on_dates.day and outlets.exists_until > on_dates.day
        where market_chosen(countries, media_types, outlets.country, outlets.media_type)
        qualify outlets.period = max(outlets.period) over (
            partition by on_dates.as_of, outlets.country, outlets.media_type
        )
    ),

    -- Each group's audience in its market's latest period (`in_group`: of the outlets it controls); an outlet without
    -- a group is a group of its own.
    audience_by_group as (
        select
            audience_in_markets.as_of,
            audience_in_markets.country,
            audience_in_markets.media_type,
            coalesce(audience_in_markets.group_id, audience_in_markets.outlet_id) as group_id,
            audience_in_markets.period,
            any_value(audience_in_markets.name) as name,
            sum(audience_in_markets.share_pct) as audience_share,
            coalesce(sum(audience_in_markets.share_pct) filter (where audience_in_markets.group_id is not null), 0)
                as in_group
        from audience_in_markets
        group by all
    ),

    -- The markets measured by audience: their period, and how many groups have a share of it.
    audience_markets as (
        select
            audience_by_group.as_of,
            audience_by_group.country,
            audience_by_group.media_type,
            any_value(audience_by_group.period) as period,
            count(*) filter (where audience_by_group.audience_share > 0) as larger_groups
        from audience_by_group
        group by audience_by_group.as_of, audience_by_group.country, audience_by_group.media_type
    ),

    -- Every other outlet without a group (`on_their_own`) is a group of one, with the share `own_share`: one
    -- outlet's, or none by audience (those with audience figures are listed with them below). `larger_groups` have
    -- more than that.
    markets_basis as (
        select
            market_outlets.as_of,
            market_outlets.day,
            market_outlets.country,
            market_outlets.media_type,
            any_value(market_outlets.outlets) as outlets,
            coalesce(sum(known_groups.controlled), 0) as outlets_in_groups,
            count(known_groups.group_id) as known_groups,
            any_value(audience_markets.period) as audience_period,
            any_value(market_outlets.outlets) - coalesce(sum(known_groups.controlled), 0)
                - count(*) filter (where known_groups.counts_itself) as on_their_own,
            if(any_value(audience_markets.period) is null, 100.0 / any_value(market_outlets.outlets), 0) as own_share,
            if(
                any_value(audience_markets.period) is null,
                count(*) filter (where known_groups.outlets > 1),
                any_value(audience_markets.larger_groups)
            ) as larger_groups
        from market_outlets
        left join known_groups using (as_of, country, media_type)
        left join audience_markets using (as_of, country, media_type)
        group by market_outlets.as_of, market_outlets.day, market_outlets.country, market_outlets.media_type
    ),

    -- Where fewer than four groups have more than `own_share`, outlets on their own can be among the four largest:
    -- the first four of them by id (ties go by id) are listed too, unless listed already.
    own_groups as (
        with firsts as (
            select
                short.as_of,
                outlets.country,
                outlets.media_type,
                any_value(short.own_share) as share,
                arg_min({'group_id': outlets.outlet_id, 'name': outlets.name}, outlets.outlet_id, 4) as outlets
            from markets_basis as short
            join outlet_rows as outlets
                on outlets.country = short.country
                and outlets.media_type = short.media_type
                and outlets.listed_from <= short.day and outlets.listed_until > short.day
                and outlets.exists_from <= short.day and outlets.exists_until > short.day
                and group_on(outlets.group_id, outlets.group_from, outlets.group_until, short.day) is null
            anti join known_groups
                on known_groups.as_of = short.as_of
                and known_groups.country = outlets.country
                and known_groups.media_type = outlets.media_type
                and known_groups.group_id = outlets.outlet_id
            where short.on_their_own > 0 and short.larger_groups < 4
                and market_chosen(countries, media_types, outlets.country, outlets.media_type)
            group by short.as_of, outlets.country, outlets.media_type
        )

        select firsts.as_of, firsts.country, firsts.media_type, firsts.share, unnest(firsts.outlets, recursive := true)
        from firsts
    ),

    -- The groups with their shares: every controlling group, every outlet on its own with audience, and the outlets
    -- on their own named above.
    candidates as (
        select
            as_of,
            country,
            media_type,
            group_id,
            coalesce(known_groups.group_name, audience_by_group.name) as name,
            if(
                markets_basis.audience_period is null,
                100.0 * coalesce(known_groups.outlets, 1) / markets_basis.outlets,
                coalesce(audience_by_group.audience_share, 0)
            ) as share,
            known_groups.group_id is not null as known_group,
            audience_by_group.audience_share,
            if(known_groups.group_id is null, 0, audience_by_group.in_group) as in_group
        from known_groups
        full outer join audience_by_group using (as_of, country, media_type, group_id)
        join markets_basis using (as_of, country, media_type)
        union all
        select
            own_groups.as_of,
            own_groups.country,
            own_groups.media_type,
            own_groups.group_id,
            own_groups.name,
            own_groups.share,
            false,
            null,
            null
        from own_groups
        anti join audience_by_group
            using (as_of, group_id, country, media_type)
    ),

    -- The four largest groups of a market are kept while adding up (largest share first, then by id); the outlets
    -- on their own that are not listed add their own share's square each to the HHI.
    markets as (
        with sums as (
            select
                candidates.as_of,
                candidates.country,
                candidates.media_type,
                sum(candidates.in_group) as audience_in_groups,
                sum(candidates.audience_share) as audience_share,
                list_sum(max(candidates.share, 4)) as cr4,
                sum(candidates.share * candidates.share) as squares,
                count(*) filter (where not candidates.known_group) as own_groups_listed,
                arg_min(
                    {'name': candidates.name, 'share': candidates.share},
                    (-candidates.share, candidates.group_id),
                    4
                ) as largest
            from candidates
            group by candidates.as_of, candidates.country, candidates.media_type
        )

        select
            markets_basis.as_of,
            markets_basis.country,
            markets_basis.media_type,
            markets_basis.audience_period,
            markets_basis.outlets::bigint as outlets,
            markets_basis.outlets_in_groups,
            round(100.0 * coalesce(sums.audience_in_groups, 0) / nullif(sums.audience_share, 0), 1)
                as audience_coverage,
            round(coalesce(sums.audience_share, 0), 1) as audience_listed,
            (markets_basis.known_groups + markets_basis.on_their_own)::bigint as groups,
            round(sums.cr4, 2) as cr4,
            round(
                sums.squares + (markets_basis.on_their_own - sums.own_groups_listed) * markets_basis.own_share ** 2, 2
            ) as hhi,
            array_to_string(
                list_transform(sums.largest, lambda listed: listed.name || ' ' || round(listed.share, 1) || '%'), '; '
            ) as top_groups
        from markets_basis
        join sums
            using (as_of, country, media_type)
    ),

    -- The latest published count of each market for a period on or before the date (a few rows a country).
    published_sizes as (
        select
            on_dates.as_of,
            market_sizes.country,
            market_sizes.media_type,
            max(market_sizes.period) as period,
            arg_max(market_sizes.outlets, market_sizes.period) as outlets
        from market_sizes
        join on_dates on market_sizes.period <= on_dates.as_of
        where market_chosen(countries, media_types, market_sizes.country, market_sizes.media_type)
        group by on_dates.as_of, market_sizes.country, market_sizes.media_type
    ),

    -- By outlet count, coverage is over the larger of the listed outlets and the published size.
    covered as (
        select
            markets.*,
            published_sizes.outlets as published_size,
            published_sizes.period as published_period,
            if(
                markets.audience_period is null,
                round(
                    100.0 * markets.outlets_in_groups / greatest(markets.outlets, coalesce(published_sizes.outlets, 0)),
                    1
                ),
                markets.audience_coverage
            ) as coverage
        from markets
        left join published_sizes
            using (as_of, country, media_type)
    )

    select
        covered.as_of,
        covered.country,
        countries.name as country_name,
        covered.media_type,
        if(covered.audience_period is null, 'outlet count', 'audience share') as basis,
        covered.outlets,
        covered.published_size,
        covered.groups,
        covered.coverage,
        if(covered.audience_period is null, null, covered.audience_listed) as audience_listed,
        covered.cr4,
        covered.hhi,
        case
            when covered.audience_period is null and covered.outlets < concentration_min_outlets()
                then 'insufficient data'
            when coalesce(covered.coverage, 0) < concentration_min_coverage() then 'insufficient data'
            else risk_band(covered.cr4)
        end as risk_band,
        covered.top_groups,
        covered.audience_period,
        covered.published_period
    from covered
    left join countries on countries.code = covered.country;
