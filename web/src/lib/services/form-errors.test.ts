import { describe, expect, it } from 'vitest';
import { ApiError } from '../graphql/errors';
import { issuesByPath } from './form-errors';

const F = ['hostname', 'ipAddresses', 'ssh.password', 'ssh', 'controlPanel.url'] as const;

describe('issuesByPath', () => {
  it('puts each issue on the deepest field the form has', () => {
    const e = new ApiError('bad', 'BAD_USER_INPUT', [
      { path: ['input', 'ssh', 'password'], message: 'too short' },
      { path: ['input', 'ssh', 'port'], message: 'port 1..65535' },
      { path: ['input', 'ipAddresses', '1'], message: 'not an IP address' },
      { path: ['input', 'controlPanel', 'url'], message: 'http(s)' },
      { path: ['input', 'when'], message: 'odd' },
    ]);
    expect(issuesByPath(e, F)).toEqual({
      fields: {
        'ssh.password': 'too short',
        ssh: 'port 1..65535',
        ipAddresses: 'not an IP address',
        'controlPanel.url': 'http(s)',
      },
      form: ['odd'],
    });
  });

  it('other answers are the form’s message', () => {
    expect(issuesByPath(new ApiError('a deploy is running', 'CONFLICT'), F)).toEqual({
      fields: {},
      form: ['a deploy is running'],
    });
  });
});
