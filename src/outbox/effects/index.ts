import type { EffectHandler } from '../effect-handler.js';
import { postDeadlinePrompt } from './deadline-prompt.js';
import { postFeedbackRequest } from './feedback-request.js';
import { fileUpload } from './file-upload.js';
import { updateAnsweredPrompt } from './answered-prompt.js';
import { redrawWelcomeAsk } from './welcome-done.js';
import { archiveSpace, refreshSpaceTopic } from './space-life.js';
import { publishHome } from './home-publish.js';
import { postLicenseReminder } from './license-reminder.js';
import { commentOnGitHubIssue, openGitHubIssue } from './github-issue.js';
import { sendEmail } from './send-email.js';
import { postSignupAlert, refreshTrialAlert } from './signup-alert.js';
import { slackPost, slackReport } from './slack-post.js';
import { inviteToTrialSpace, openTrialSpace, postTrialCard, refreshTrialCard } from './trial-space.js';

/** Every kind of effect the worker can carry out. */
export const effectHandlers: EffectHandler[] = [
  postSignupAlert,
  refreshTrialAlert,
  slackPost,
  slackReport,
  postDeadlinePrompt,
  postFeedbackRequest,
  postLicenseReminder,
  openTrialSpace,
  inviteToTrialSpace,
  postTrialCard,
  refreshTrialCard,
  openGitHubIssue,
  commentOnGitHubIssue,
  sendEmail,
  fileUpload,
  publishHome,
  updateAnsweredPrompt,
  redrawWelcomeAsk,
  refreshSpaceTopic,
  archiveSpace,
];
