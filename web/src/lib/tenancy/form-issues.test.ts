import { describe, expect, it } from 'vitest';
import { ApiError } from '../graphql/errors';
import { sectionIssues } from './form-issues';

describe('settings form issues', () => {
  it('sorts field issues into their section and keeps the rest for the form', () => {
    const error = new ApiError('bad', 'BAD_USER_INPUT', [
      { path: ['legal', 'invoiceSeries', 'credit-note'], message: 'too long' },
      { path: ['brand', 'primaryColor'], message: 'a colour' },
      { path: ['commandId'], message: 'required' },
    ]);
    expect(sectionIssues(error, ['brand', 'legal'])).toEqual({
      sections: {
        legal: { 'invoiceSeries.credit-note': 'too long' },
        brand: { primaryColor: 'a colour' },
      },
      form: ['required'],
    });
  });

  it('shows other refusals as a form message', () => {
    expect(
      sectionIssues(new ApiError('This needs the settings.manage permission.', 'FORBIDDEN'), [
        'brand',
      ]).form,
    ).toEqual(['This needs the settings.manage permission.']);
  });
});
