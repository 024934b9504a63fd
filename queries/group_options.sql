-- One row per controlling group on $as_of with the number of outlets it controls, largest first, for the group filter;
-- `label` names it uniquely among that date's groups (its name, with its country and id where names repeat), so a
-- link's group reads the same on every page.
-- params: $as_of
select
    group_sizes.group_id,
    group_sizes.group_name,
    group_sizes.country,
    group_sizes.outlets,
    if(
        count(*) over (partition by group_sizes.group_name) = 1,
        group_sizes.group_name,
        group_sizes.group_name || ' (' || coalesce(group_sizes.country, '?') || ', ' || group_sizes.group_id || ')'
    ) as label
from group_sizes_as_of($as_of) as group_sizes
order by outlets desc, group_name, group_id
