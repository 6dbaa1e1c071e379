// Starts (or finds) the onboarding workflow for a domain and follows it to its end: one line per step with the
// elapsed time, the DNS records to publish while it waits for them, the outcome and the Web UI link.
//   npm run workflow:onboard -- --domain acme.by-works.com --company "Acme" --phone 03-0000-0000 [--time-zone Asia/Tokyo] [--locale ja_JP] [--use-mail]
//   npm run workflow:onboard -- --input onboarding.json
// --detach only starts it. Ctrl-C stops following, never the workflow (`npm run partnerctl -- status onboard/<domain>`).
// The input is validated before anything is started (partnerctl start); a repeated start finds the running workflow.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { main as partnerctl } from '../cli/partnerctl.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    domain: { type: 'string' },
    company: { type: 'string' },
    phone: { type: 'string' },
    'time-zone': { type: 'string', default: 'Asia/Tokyo' },
    locale: { type: 'string', default: 'ja_JP' },
    'use-mail': { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
    /** Kept for older scripts: following is the default now. */
    wait: { type: 'boolean', default: false },
  },
});

const raw = values.input
  ? (JSON.parse(readFileSync(values.input, 'utf8')) as unknown)
  : {
      domain: values.domain,
      companyName: values.company,
      phoneNumber: values.phone,
      timeZone: values['time-zone'],
      locale: values.locale,
      ...(values['use-mail'] ? { useMail: true } : {}),
    };

process.exitCode = await partnerctl(['start', 'onboardCustomer', '--data', JSON.stringify(raw), ...(values.detach ? [] : ['--wait'])]);
