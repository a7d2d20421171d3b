/**
 * Whether the environment tag is an active cost allocation tag: only then can Cost Explorer group
 * costs by it. ListCostAllocationTags is the authoritative read
 * (docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_ListCostAllocationTags.html:
 * Status Active|Inactive, Type UserDefined|AWSGenerated, MaxResults up to 1000, NextToken).
 */
import { ListCostAllocationTagsCommand, type CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { describeAwsError, isCredentialsRefused, isMissingCredentials, isUnreachable } from '../aws/errors.js';

export interface TagActivation {
  /** The activated spelling of the tag key (tag keys are case-sensitive in billing), or null: not active. */
  activeKey: string | null;
  requests: number;
  /** Why the answer is a guess (the read failed), or a note about the spelling. */
  warning: string | null;
}

const MAX_PAGES = 100;

/**
 * The user-defined tags listed as Active, searched for `tagKey`: the exact spelling first, else one
 * that differs only in case (the audit reads tag keys case-insensitively). A failed read is not a
 * stop: the report still has every account's cost, and each account's environment then comes from
 * Organizations; the warning says so.
 */
export async function readTagActivation(client: CostExplorerClient, tagKey: string): Promise<TagActivation> {
  const active: string[] = [];
  let requests = 0;
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      requests++;
      const answer = await client.send(new ListCostAllocationTagsCommand({ Status: 'Active', Type: 'UserDefined', MaxResults: 1000, ...(token ? { NextToken: token } : {}) }));
      for (const tag of answer.CostAllocationTags ?? []) if (tag.TagKey && tag.Status === 'Active') active.push(tag.TagKey);
      token = answer.NextToken || undefined;
      if (!token) break;
    }
  } catch (error) {
    // No credentials, refused credentials, no answer at all: the next request would fail the same way.
    if (isMissingCredentials(error) || isCredentialsRefused(error) || isUnreachable(error)) throw error;
    return {
      activeKey: null,
      requests,
      warning: `could not tell whether "${tagKey}" is an active cost allocation tag (ListCostAllocationTags: ${describeAwsError(error)}; grant ce:ListCostAllocationTags): each account's environment comes from Organizations`,
    };
  }
  if (active.includes(tagKey)) return { activeKey: tagKey, requests, warning: null };
  const folded = active.filter((key) => key.toLowerCase() === tagKey.toLowerCase());
  if (folded.length === 0) return { activeKey: null, requests, warning: null };
  const warning = folded.length > 1 ? `several spellings of "${tagKey}" are active cost allocation tags (${folded.join(', ')}): grouping by ${folded[0]}` : null;
  return { activeKey: folded[0], requests, warning };
}
