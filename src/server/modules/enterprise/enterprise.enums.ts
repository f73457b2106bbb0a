// Enumerations of the enterprise module with their Chinese labels (shared by server, import and web).
export const ENTERPRISE_SIZES = ['large', 'medium', 'small', 'micro', 'unknown'] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];
export const ENTERPRISE_SIZE_LABELS: Record<EnterpriseSize, string> = {
  large: '大型',
  medium: '中型',
  small: '小型',
  micro: '微型',
  unknown: '未填',
};

export const SUGGESTED_TAGS = ['重点企业', '规上企业', '高新技术企业', '专精特新', '外资企业', '民营企业'] as const;

export const PROJECT_STAGES = ['signed', 'preparation', 'construction', 'operating'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export const PROJECT_STAGE_LABELS: Record<ProjectStage, string> = {
  signed: '已签约',
  preparation: '前期手续',
  construction: '在建',
  operating: '已投产',
};

export const VISIT_MODES = ['on_site', 'online'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];
export const VISIT_MODE_LABELS: Record<VisitMode, string> = { on_site: '实地走访', online: '线上交流' };

export const JOB_CHANNELS = ['online_platform', 'job_fair', 'wechat', 'other'] as const;
export type JobChannel = (typeof JOB_CHANNELS)[number];
export const JOB_CHANNEL_LABELS: Record<JobChannel, string> = {
  online_platform: '线上招聘平台',
  job_fair: '招聘会',
  wechat: '微信公众号/小程序',
  other: '其他',
};

export const APPLICATION_STATUSES = ['pending', 'granted', 'declined'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = { pending: '审批中', granted: '已放款', declined: '未获批' };
