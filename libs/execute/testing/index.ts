/** Test helpers for campaigns, for the tests of execute and of the tools: `@sharebench/execute/testing`. */
export { tinyHostCampaign, runOptions } from './campaign.js';
