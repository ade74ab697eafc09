import * as ops from '$lib/graphql/generated/operations';

/* The mail templates' operations (mail-templates.graphql) and their results. */
export type MailTemplate = ops.MailTemplateFieldsFragment;
export type MailTemplatePreview = ops.PreviewMailTemplateQuery['previewMailTemplate'];

export const MailTemplatesQuery = ops.MailTemplatesDocument;
export const PreviewMailTemplateQuery = ops.PreviewMailTemplateDocument;
export const SaveMailTemplateMutation = ops.SaveMailTemplateDocument;
export const ResetMailTemplateMutation = ops.ResetMailTemplateDocument;

export {
  groupOf,
  grouped,
  insertVariable,
  MAIL_GROUPS,
  type MailGroup,
} from './mail-template-groups';
