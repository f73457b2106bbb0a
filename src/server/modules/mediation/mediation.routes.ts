// HTTP for the mediation centre: intake desk, disputes, petitions (and the petitioner's public look-up by code),
// clues, warnings and their rules, lawsuit figures, the centre's figures and settings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { scheduleRecurring } from '../../platform/jobs/jobs.ts';
import { DEFAULT_TIME_ZONE, endOfLocalDay, localTimeToInstant } from '../../platform/deadlines/index.ts';
import { errorResponses, IdParams, Page } from '../../platform/http/schemas.ts';
import * as clues from './mediation.clues.ts';
import * as disputes from './mediation.disputes.ts';
import { figures } from './mediation.figures.ts';
import * as intakes from './mediation.intakes.ts';
import { registerMediationJobs, SCAN_JOB } from './mediation.jobs.ts';
import * as litigation from './mediation.litigation.ts';
import { revealPerson } from './mediation.people.ts';
import * as petitions from './mediation.petitions.ts';
import { mediationActions as A } from './mediation.policy.ts';
import * as S from './mediation.schemas.ts';
import * as warnings from './mediation.warnings.ts';

const tags = ['mediation'];
const Ok = Type.Object({ ok: Type.Literal(true) });

/** Local days → instants (the first and the last moment of the days, China time). */
const fromDay = (d?: string) => (d ? localTimeToInstant(d, DEFAULT_TIME_ZONE) : undefined);
const toDay = (d?: string) => (d ? endOfLocalDay(d, DEFAULT_TIME_ZONE) : undefined);
const at = (s?: string) => (s ? new Date(s) : undefined);

export const mediationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, secretBox: box, rateLimits } = app.deps;
  registerMediationJobs();
  app.addHook('onReady', async () => {
    // The rules also run where facts change; the periodic scan catches time passing (windows, near limits).
    await scheduleRecurring(db, SCAN_JOB, 6 * 3600_000);
  });

  // ---------------------------------------------------------------- intake desk

  app.post(
    '/api/mediation/intakes',
    {
      config: { policy: A['mediation.intakes.write'] },
      schema: { tags, summary: '来访登记（可同时分流） / register a visit or call', body: S.IntakeCreate, response: { 200: S.IntakeDetail, ...errorResponses } },
    },
    async (req) => {
      const b = req.body;
      return intakes.registerIntake(db, req.ctx, box, { ...b, receivedAt: at(b.receivedAt) });
    },
  );

  app.get(
    '/api/mediation/intakes',
    {
      config: { policy: A['mediation.intakes.read'] },
      schema: { tags, summary: '来访登记列表 / intakes', querystring: S.IntakeListQuery, response: { 200: Page(S.IntakeView), ...errorResponses } },
    },
    async (req) => intakes.listIntakes(db, req.ctx, { ...req.query, from: fromDay(req.query.from), to: toDay(req.query.to) }),
  );

  app.get(
    '/api/mediation/intakes/:id',
    {
      config: { policy: A['mediation.intakes.read'] },
      schema: { tags, summary: '来访登记详情（含当前去向） / intake with where the matter is now', params: IdParams, response: { 200: S.IntakeDetail, ...errorResponses } },
    },
    async (req) => intakes.getIntake(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/mediation/intakes/:id/route',
    {
      config: { policy: A['mediation.intakes.write'] },
      schema: { tags, summary: '分流 / route an intake to one track', params: IdParams, body: S.RouteBody, response: { 200: S.IntakeDetail, ...errorResponses } },
    },
    async (req) => intakes.routeIntake(db, req.ctx, box, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/people/:id/reveal',
    {
      config: { policy: A['mediation.people.reveal'] },
      schema: {
        tags,
        summary: '查看完整个人信息（须说明理由，留痕） / reveal a person’s whole data (audited)',
        params: IdParams,
        body: S.RevealBody,
        response: { 200: S.Revealed, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return revealPerson(db, req.ctx, box, req.params.id, req.body.reason);
    },
  );

  // ---------------------------------------------------------------- disputes

  app.post(
    '/api/mediation/disputes',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '登记矛盾纠纷 / register a dispute', body: S.DisputeCreate, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.createDispute(db, req.ctx, box, { ...req.body, receivedAt: at(req.body.receivedAt) }),
  );

  app.get(
    '/api/mediation/disputes',
    {
      config: { policy: A['mediation.disputes.read'] },
      schema: { tags, summary: '纠纷列表（职能部门只见联动到本部门的） / disputes', querystring: S.DisputeListQuery, response: { 200: Page(S.DisputeView), ...errorResponses } },
    },
    async (req) => disputes.listDisputes(db, req.ctx, { ...req.query, from: fromDay(req.query.from), to: toDay(req.query.to) }),
  );

  app.get(
    '/api/mediation/disputes/:id',
    {
      config: { policy: A['mediation.disputes.read'] },
      schema: { tags, summary: '纠纷详情与时间线 / dispute with timeline', params: IdParams, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.getDispute(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/mediation/disputes/:id/transitions',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: {
        tags,
        summary: '纠纷流转：受理、不予受理、开始调解、移交联动、收回、达成协议、调解不成、结案、再启动',
        params: IdParams,
        body: S.DisputeTransitionBody,
        response: { 200: S.DisputeDetail, ...errorResponses },
      },
    },
    async (req) => disputes.transitionDispute(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/disputes/:id/parties',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '增加当事人 / add a party', params: IdParams, body: S.PartyIn, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.addParty(db, req.ctx, box, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/disputes/:id/parties/:personId/consent',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: {
        tags, summary: '登记当事人同意调解（人民调解法第十七条） / party consent', params: S.PersonIdParams, body: S.ConsentBody, response: { 200: S.DisputeDetail, ...errorResponses },
      },
    },
    async (req) => disputes.recordConsent(db, req.ctx, req.params.id, req.params.personId, req.body),
  );

  app.post(
    '/api/mediation/disputes/:id/links',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '联动职能部门 / link a department', params: IdParams, body: S.LinkBody, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.linkDepartment(db, req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/mediation/disputes/:id/links/:orgUnitId',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '解除联动 / unlink a department', params: S.OrgUnitParams, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.unlinkDepartment(db, req.ctx, req.params.id, req.params.orgUnitId),
  );

  app.post(
    '/api/mediation/disputes/:id/sessions',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '调解笔录 / mediation session', params: IdParams, body: S.SessionBody, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.addSession(db, req.ctx, req.params.id, { ...req.body, heldAt: new Date(req.body.heldAt) }),
  );

  app.post(
    '/api/mediation/disputes/:id/notes',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '工作记录 / note on the case', params: IdParams, body: S.NoteBody, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.addNote(db, req.ctx, req.params.id, req.body.note),
  );

  app.post(
    '/api/mediation/disputes/:id/payments',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '协议履行（支付） / payment under the agreement', params: IdParams, body: S.PaymentBody, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.recordPayment(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/disputes/:id/court-confirmation',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: {
        tags, summary: '司法确认（协议生效30日内申请） / court confirmation', params: IdParams, body: S.CourtBody, response: { 200: S.DisputeDetail, ...errorResponses },
      },
    },
    async (req) => disputes.courtConfirmation(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/disputes/:id/followups',
    {
      config: { policy: A['mediation.disputes.write'] },
      schema: { tags, summary: '回访 / follow-up call', params: IdParams, body: S.FollowupBody, response: { 200: S.DisputeDetail, ...errorResponses } },
    },
    async (req) => disputes.addFollowup(db, req.ctx, req.params.id, { ...req.body, calledAt: new Date(req.body.calledAt) }),
  );

  app.get(
    '/api/mediation/settings',
    {
      config: { policy: A['mediation.disputes.read'] },
      schema: { tags, summary: '调解期限设置 / settings', response: { 200: S.Settings, ...errorResponses } },
    },
    async (req) => disputes.getSettings(db, req.ctx),
  );

  app.put(
    '/api/mediation/settings',
    {
      config: { policy: A['mediation.settings.manage'] },
      schema: { tags, summary: '修改调解期限（默认30日） / set the mediation time limit', body: S.SettingsBody, response: { 200: S.Settings, ...errorResponses } },
    },
    async (req) => disputes.updateSettings(db, req.ctx, req.body),
  );

  // ---------------------------------------------------------------- petitions

  app.post(
    '/api/mediation/petitions',
    {
      config: { policy: A['mediation.petitions.write'] },
      schema: { tags, summary: '登记信访事项 / register a petition', body: S.PetitionCreate, response: { 200: S.PetitionDetail, ...errorResponses } },
    },
    async (req) => petitions.registerPetition(db, req.ctx, box, { ...req.body, registeredAt: at(req.body.registeredAt) }),
  );

  app.get(
    '/api/mediation/petitions',
    {
      config: { policy: A['mediation.petitions.read'] },
      schema: { tags, summary: '信访事项列表 / petitions', querystring: S.PetitionListQuery, response: { 200: Page(S.PetitionView), ...errorResponses } },
    },
    async (req) => petitions.listPetitions(db, req.ctx, { ...req.query, from: fromDay(req.query.from), to: toDay(req.query.to) }),
  );

  app.get(
    '/api/mediation/petitions/:id',
    {
      config: { policy: A['mediation.petitions.read'] },
      schema: { tags, summary: '信访事项详情 / petition', params: IdParams, response: { 200: S.PetitionDetail, ...errorResponses } },
    },
    async (req) => petitions.getPetition(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/mediation/petitions/:id/transitions',
    {
      config: { policy: A['mediation.petitions.write'] },
      schema: {
        tags,
        summary: '信访流转：转送、受理、不予受理、异议、延期、处理意见、复查、复核',
        params: IdParams,
        body: S.PetitionTransitionBody,
        response: { 200: S.PetitionDetail, ...errorResponses },
      },
    },
    async (req) => petitions.transitionPetition(db, req.ctx, box, req.params.id, req.body),
  );

  app.get(
    '/api/public/mediation/petitions/:code',
    {
      config: { public: true, rateLimit: { max: rateLimits.public, timeWindow: '1 minute' } },
      schema: {
        tags, summary: '信访人凭查询码查询办理进度（不含个人信息） / petition progress by code', params: S.TrackCodeParams, response: { 200: S.PublicPetition, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return petitions.publicStatus(db, req.params.code);
    },
  );

  app.post(
    '/api/public/mediation/petitions/:code/rating',
    {
      config: { public: true, rateLimit: { max: rateLimits.public, timeWindow: '1 minute' } },
      schema: { tags, summary: '信访人评价 / rate the handling', params: S.TrackCodeParams, body: S.RatingBody, response: { 200: S.PublicPetition, ...errorResponses } },
    },
    async (req) => petitions.ratePetition(db, req.ctx, req.params.code, req.body),
  );

  // ---------------------------------------------------------------- clues

  app.post(
    '/api/mediation/clues',
    {
      config: { policy: A['mediation.clues.write'] },
      schema: { tags, summary: '登记风险线索并共享 / record a clue', body: S.ClueCreate, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.createClue(db, req.ctx, { ...req.body, reportedAt: at(req.body.reportedAt) }),
  );

  app.get(
    '/api/mediation/clues',
    {
      config: { policy: A['mediation.clues.read'] },
      schema: { tags, summary: '线索列表 / clues', querystring: S.ClueListQuery, response: { 200: Page(S.ClueView), ...errorResponses } },
    },
    async (req) => clues.listClues(db, req.ctx, { ...req.query, from: fromDay(req.query.from), to: toDay(req.query.to) }),
  );

  app.get(
    '/api/mediation/clues/:id',
    {
      config: { policy: A['mediation.clues.read'] },
      schema: { tags, summary: '线索详情 / clue', params: IdParams, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.getClue(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/mediation/clues/:id/shares',
    {
      config: { policy: A['mediation.clues.write'] },
      schema: { tags, summary: '共享给职能部门 / share a clue', params: IdParams, body: S.ShareBody, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.shareClue(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/clues/:id/followups',
    {
      config: { policy: A['mediation.clues.write'] },
      schema: { tags, summary: '跟进 / follow a clue up', params: IdParams, body: S.NoteBody, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.followClue(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/clues/:id/convert',
    {
      config: { policy: A['mediation.clues.write'] },
      schema: { tags, summary: '转为纠纷、信访或网格事件 / convert a clue', params: IdParams, body: S.ConvertBody, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.convertClue(db, req.ctx, box, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/clues/:id/close',
    {
      config: { policy: A['mediation.clues.write'] },
      schema: { tags, summary: '办结线索 / close a clue', params: IdParams, body: S.CloseBody, response: { 200: S.ClueDetail, ...errorResponses } },
    },
    async (req) => clues.closeClue(db, req.ctx, req.params.id, req.body),
  );

  // ---------------------------------------------------------------- warnings and rules

  app.get(
    '/api/mediation/warnings',
    {
      config: { policy: A['mediation.warnings.read'] },
      schema: { tags, summary: '预警看板 / warnings', querystring: S.WarningListQuery, response: { 200: Page(S.WarningView), ...errorResponses } },
    },
    async (req) => warnings.listWarnings(db, req.ctx, { ...req.query, from: fromDay(req.query.from), to: toDay(req.query.to) }),
  );

  app.post(
    '/api/mediation/warnings/:id/close',
    {
      config: { policy: A['mediation.warnings.manage'] },
      schema: { tags, summary: '处置并关闭预警 / close a warning with a note', params: IdParams, body: S.CloseBody, response: { 200: S.WarningView, ...errorResponses } },
    },
    async (req) => warnings.closeWarning(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/mediation/warnings/scan',
    {
      config: { policy: A['mediation.warnings.manage'] },
      schema: { tags, summary: '立即运行预警规则 / run the rules now', response: { 200: Type.Object({ raised: Type.Integer() }), ...errorResponses } },
    },
    async (req) => warnings.runScan(db, req.ctx),
  );

  app.get(
    '/api/mediation/warning-rules',
    {
      config: { policy: A['mediation.warnings.read'] },
      schema: { tags, summary: '预警规则 / warning rules', response: { 200: Type.Array(S.RuleView), ...errorResponses } },
    },
    async (req) => warnings.listRules(db, req.ctx),
  );

  app.put(
    '/api/mediation/warning-rules/:rule',
    {
      config: { policy: A['mediation.rules.manage'] },
      schema: { tags, summary: '配置预警规则 / configure a rule', params: S.RuleParams, body: S.RuleBody, response: { 200: S.RuleView, ...errorResponses } },
    },
    async (req) => warnings.updateRule(db, req.ctx, req.params.rule, req.body),
  );

  // ---------------------------------------------------------------- lawsuits and figures

  app.get(
    '/api/mediation/litigation-figures',
    {
      config: { policy: A['mediation.figures.read'] },
      schema: { tags, summary: '诉讼、仲裁案件数（外部数据） / lawsuit figures', querystring: S.PeriodQuery, response: { 200: Type.Array(S.LitigationView), ...errorResponses } },
    },
    async (req) => litigation.listLitigation(db, req.ctx, req.query),
  );

  app.post(
    '/api/mediation/litigation-figures',
    {
      config: { policy: A['mediation.litigation.write'] },
      schema: { tags, summary: '录入诉讼、仲裁案件数（注明来源） / enter a lawsuit figure', body: S.LitigationBody, response: { 200: S.LitigationView, ...errorResponses } },
    },
    async (req) => litigation.addLitigation(db, req.ctx, req.body),
  );

  app.delete(
    '/api/mediation/litigation-figures/:id',
    {
      config: { policy: A['mediation.litigation.write'] },
      schema: { tags, summary: '删除录入错误的诉讼数据 / delete a lawsuit figure', params: IdParams, response: { 200: Ok, ...errorResponses } },
    },
    async (req) => {
      await litigation.deleteLitigation(db, req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/mediation/figures',
    {
      config: { policy: A['mediation.figures.read'] },
      schema: { tags, summary: '矛调中心统计（每个比率附分子分母） / figures', querystring: S.PeriodQuery, response: { 200: S.FiguresSchema, ...errorResponses } },
    },
    async (req) => figures(db, req.ctx, req.query),
  );
};
