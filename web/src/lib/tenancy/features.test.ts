import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../../../domain/tenancy/features';
import { FEATURE_CHOICES, featureLabels } from './features';

describe('feature words on the admin pages', () => {
  it('are the server catalogue’s, feature for feature', () =>
    expect(FEATURE_CHOICES).toEqual(FEATURES.map(({ key, label }) => ({ key, label }))));

  it('leave out a stored flag for a feature the platform no longer has', () =>
    expect(featureLabels(['wallet', 'kubernetes', 'tickets'])).toEqual([
      'Wallet and top-ups',
      'Support tickets',
    ]));
});
