import { condition, setHandler } from '@temporalio/workflow';
import { capabilitiesFromActivities } from '../capabilities';
import { activities } from './proxies';
import { processOpenedUpdate, type EnterpriseVerificationInput, type EnterpriseView } from './messages';
import { enterpriseAsChange } from './as-change';
import { enterpriseProcess, verifyEnterprise } from './process';


/**
 * Enterprise verification (R-E1..R-E9): registry lookup, then one of the five
 * methods; every outcome is notified (R-G5). A change runs it as its
 * enterprise part (`asChange`), which ends the change instead.
 */
export async function enterpriseVerification(input: EnterpriseVerificationInput): Promise<EnterpriseView> {
  if (input.asChange) return enterpriseAsChange(input, input.asChange);
  const startedAt = Date.now();
  let seq = 0;
  let opened = false;
  const ctx = enterpriseProcess(input, { nextSeq: () => seq++, capabilitiesFromActivities: capabilitiesFromActivities() });
  setHandler(processOpenedUpdate, async () => {
    await condition(() => opened);
    return ctx.view;
  });

  const eligibility = await activities.openEnterpriseProcess({
    processId: input.processId,
    accountId: input.accountId,
    kind: 'enterprise_verification',
    method: input.method,
    at: startedAt,
    deadlines: {},
  });
  opened = true;
  if (!eligibility.eligible) return ctx.fail('account_not_eligible');
  return verifyEnterprise(ctx);
}
