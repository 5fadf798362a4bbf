/**
 * Issue 19: what the hosted verification page says, in both languages side by
 * side (the holder's catalogue, domain/texts.ts, holds notices and problems;
 * this one the page). Chinese by default. Rule ids, step ids and reason codes
 * stay as they are in both, so a holder can quote them to support.
 */
import type { Localised } from './texts';

const both = (zh: string, en: string): Localised => ({ zh, en });

export const PAGE_TEXTS = {
  title: both('实名认证', 'Real-name verification'),
  live: both('实时更新中', 'Updating live'),
  offline: both('连接中断，正在重连…', 'Connection lost, reconnecting…'),
  linkExpired: both('此链接已失效，请回到平台重新获取认证链接。', 'This link no longer works: go back to the platform for a new one.'),
  process: both('认证流程', 'Process'),
  currentStep: both('当前步骤', 'Current step'),
  // The QR code (R-P7).
  scanWechat: both('请用微信扫描二维码并授权', 'Scan the QR code with WeChat and authorise'),
  scanQq: both('请用手机 QQ 扫描二维码', 'Scan the QR code with mobile QQ'),
  scanFace: both('请用微信扫描小程序码，完成人脸识别', 'Scan the mini-program code with WeChat for the face check'),
  qrAlt: both('认证二维码', 'Verification QR code'),
  codeValidFor: both('二维码剩余有效时间', 'The code is valid for'),
  codeExpired: both('二维码已过期', 'The code has expired'),
  freshCode: both('获取新二维码', 'Get a fresh code'),
  freshFaceTry: both('重新进行人脸识别', 'Try the face check again'),
  // Face (R-P8).
  faceFailed: both('人脸识别未通过', 'The face check did not pass'),
  faceTriesLeft: both('剩余人脸识别次数', 'Face check tries left'),
  // Recharge (R-E5).
  rechargeTitle: both('请从企业对公账户转账', 'Pay from the enterprise\'s corporate bank account'),
  amount: both('金额', 'Amount'),
  yuan: both('元', 'yuan'),
  payeeAccount: both('收款账户', 'Payee account'),
  reference: both('转账备注（认证编号）', 'Reference (the process id)'),
  payBy: both('付款截止', 'Pay by'),
  attemptsLeft: both('剩余次数', 'Attempts left'),
  rechargeNote: both('付款人名称须与企业名称一致；金额或付款人不符的款项将自动退回。', 'The payer must be the enterprise itself; a payment with another amount or payer is refunded automatically.'),
  // Remittance (R-E6).
  inReview: both('资料审核中', 'Your materials are in review'),
  awaitingPayout: both('平台已向您的对公账户打款，请留意到账', 'We sent a small payout to your corporate account: watch for it'),
  amountTitle: both('请输入收到的打款金额', 'Enter the amount the payout brought'),
  amountLabel: both('金额（元，例如 0.37）', 'Amount (yuan, e.g. 0.37)'),
  submitAmount: both('提交', 'Submit'),
  amountWrong: both('金额不正确', 'That amount is not right'),
  amountRight: both('金额正确，正在完成认证…', 'Right amount: finishing the verification…'),
  amountInvalid: both('请输入 0.01 到 0.99 之间的金额', 'Enter an amount from 0.01 to 0.99'),
  // A rejected review.
  reviewRejected: both('审核未通过', 'The review was rejected'),
  reason: both('原因', 'Reason'),
  uploadAgain: both('请在平台重新提交以下资料', 'Submit these materials again on the platform'),
  // Outcomes.
  verified: both('认证成功', 'Verified'),
  failed: both('认证未完成', 'Not verified'),
  closed: both('流程已结束', 'The process has ended'),
  // What happens next and by when (R-G7).
  nextTitle: both('接下来会发生什么，何时', 'What happens next, and by when'),
  businessDaysLeft: both('个工作日内', 'business days from now'),
  nothingNext: both('无需进一步操作。', 'Nothing more to do.'),
  refused: both('操作未成功', 'That did not work'),
} as const satisfies Record<string, Localised>;

/** Each step as the holder reads it. */
export const STEP_TEXTS: Record<string, Localised> = {
  starting: both('正在开始', 'Starting'),
  registry_lookup: both('正在查询工商登记信息', 'Looking the enterprise up in the registry'),
  choosing_method: both('请选择认证方式', 'Choose a verification method'),
  awaiting_scan: both('等待扫码', 'Waiting for the scan'),
  awaiting_authorization: both('已扫码，等待授权', 'Scanned: waiting for the authorisation'),
  linking_bank_card: both('请在 QQ 中绑定银行卡', 'Link a bank card in QQ'),
  awaiting_confirmation: both('等待确认', 'Waiting for the confirmation'),
  face_failed: both('人脸识别未通过', 'Face check failed'),
  awaiting_payment: both('等待对公转账', 'Waiting for the payment'),
  payment_refunded: both('款项不符，已退回', 'Payment did not match and was refunded'),
  awaiting_handler_face: both('等待经办人人脸识别', "Waiting for the handler's face check"),
  in_review: both('人工审核中', 'In manual review'),
  review_withdrawn: both('已撤回审核', 'Review withdrawn'),
  review_rejected: both('审核未通过', 'Review rejected'),
  awaiting_payout_delivery: both('打款途中', 'Payout on its way'),
  payout_overdue: both('打款尚未到账', 'Payout not yet arrived'),
  payout_refused: both('银行拒绝打款，请更正银行信息', 'The bank refused the payout: correct the bank details'),
  awaiting_amount: both('请输入打款金额', 'Enter the payout amount'),
  amount_wrong: both('金额不正确，请重试', 'Wrong amount: try again'),
  verified: both('认证成功', 'Verified'),
  failed: both('认证未完成', 'Not verified'),
};

/** R-P8: the face check's failure reasons. */
export const FACE_FAILURE_TEXTS: Record<string, Localised> = {
  face_covered: both('人脸被遮挡', 'Your face was covered'),
  face_mismatch: both('人脸与证件照不符', 'The face does not match the ID photo'),
  identity_wrong: both('姓名或证件号码有误', 'The name or ID number is wrong'),
  face_not_in_frame: both('人脸未完全在框内', 'Your face was not fully in the frame'),
};

/** The deadlines the page lists, each with the rule that sets it. */
export const DEADLINE_TEXTS: Record<string, Localised> = {
  qrCode: both('二维码失效（R-P7）', 'The code expires (R-P7)'),
  abandonAt: both('无操作则流程结束（R-G7）', 'The process ends if nothing happens (R-G7)'),
  expiresAt: both('变更流程到期（R-G7）', 'The change expires (R-G7)'),
  recharge: both('对公转账截止（R-E5）', 'The payment is due (R-E5)'),
  reviewDueAt: both('审核完成（R-E6.3，2 个工作日内）', 'The review is decided (R-E6.3, within 2 business days)'),
  deliveryDueAt: both('打款应到账（R-E6.4）', 'The payout should arrive (R-E6.4)'),
  deliveryDeadline: both('打款到账最后期限（R-G7）', 'The last day for the payout to arrive (R-G7)'),
  amountDeadline: both('填写打款金额截止（R-E6.5）', 'The amount is due (R-E6.5)'),
};

/** What a rejected review asks for again, by upload role. */
export const MATERIAL_TEXTS: Record<string, Localised> = {
  licence: both('营业执照', 'The business licence'),
  legalPersonIdEmblemSide: both('法定代表人手持身份证照片（国徽面）', 'The legal person holding the ID card (emblem side)'),
  legalPersonIdPortraitSide: both('法定代表人手持身份证照片（人像面）', 'The legal person holding the ID card (portrait side)'),
  applicationForm: both('变更申请表', 'The change application form'),
  changeProof: both('工商变更证明', "The registry's change proof"),
  originalLicence: both('原主体营业执照或注销证明', "The original entity's licence or its deregistration proof"),
  bankAccount: both('对公银行账户信息', 'The corporate bank account details'),
};
