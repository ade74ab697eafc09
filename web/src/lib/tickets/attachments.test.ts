import { describe, expect, it } from 'vitest';
import { attachmentProblem, contentTypeOf, maxAttachmentBytes } from './attachments';

describe('ticket attachment hints', () => {
  it('takes the allowed kinds by name, whatever the case', () => {
    for (const name of ['a.pdf', 'b.PNG', 'c.jpeg', 'd.webp', 'e.txt', 'server.log', 'f.zip'])
      expect(attachmentProblem({ name, size: 10 }), name).toBeNull();
  });

  it('refuses other kinds, empty files and files over 10 MB', () => {
    expect(attachmentProblem({ name: 'page.html', size: 10 })).toContain('attach a PDF');
    expect(attachmentProblem({ name: 'noextension', size: 10 })).toContain('attach a PDF');
    expect(attachmentProblem({ name: 'a.png', size: 0 })).toContain('empty');
    expect(attachmentProblem({ name: 'a.png', size: maxAttachmentBytes })).toBeNull();
    expect(attachmentProblem({ name: 'a.png', size: maxAttachmentBytes + 1 })).toContain('10 MB');
  });

  it('sends the content type the extension stands for', () => {
    expect(contentTypeOf({ name: 'x.LOG', type: '' })).toBe('text/plain');
    expect(contentTypeOf({ name: 'x.jpg', type: 'image/jpeg' })).toBe('image/jpeg');
    expect(contentTypeOf({ name: 'x.zip', type: 'application/x-zip-compressed' })).toBe(
      'application/zip',
    );
  });
});
