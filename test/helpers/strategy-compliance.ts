import { describe, expect, it } from 'vitest';
import {
  type ComplianceFixture,
  strategyComplianceSuite as shippedSuite,
} from '../../src/testing/strategy-compliance.js';

export type {
  ComplianceFixture,
  ComplianceSubject,
} from '../../src/testing/strategy-compliance.js';

/**
 * The shipped compliance suite (muster-cluster/testing) bound to vitest. Every strategy in
 * src/strategies runs it (STYLE.md: one compliance suite for all).
 */
export function strategyComplianceSuite(name: string, fixture: ComplianceFixture): void {
  shippedSuite(name, fixture, { describe, it, expect });
}
