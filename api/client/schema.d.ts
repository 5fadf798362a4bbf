// Generated from the API's OpenAPI document by `npm run generate-client` (openapi-typescript): do not edit.
// tests/unit/openapi-client.test.ts fails while it differs from the document.
export interface paths {
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (operator) */
        post: operations["createAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verification status and masked subject of an account */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/subject/unmasked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's subject in clear (operators; every read is audited)
         * @description Personal data leaves the API masked by default. An operator who needs the clear subject (a support case, a legal request) names why; who, when, which account and the reason are written to subject_access_audit before the subject is returned.
         */
        get: operations["getUnmaskedSubject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a verification of the account (its holder)
         * @description Answers with the process id and the QR code to display. An Idempotency-Key makes a retried start return the same process; the key with another body, or a key that started another kind of process, is 422 `idempotency-key-reused`. A retry is compared with its start only while Temporal still keeps the process's history; after that it is judged by kind alone. A retry answers 503 when Temporal cannot be reached.
         */
        post: operations["startVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status, current step, deadlines and history of a process */
        get: operations["getProcess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/steps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every step of a process, oldest first, a page at a time
         * @description `limit` steps (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.
         */
        get: operations["listProcessSteps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/qr-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a fresh QR code when the old one expired (R-P7) */
        post: operations["refreshQrCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/method": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Switch to another allowed method, with a fresh code (R-P6)
         * @description Allowed while nothing is pending: before a scan, or once the current code expired.
         */
        post: operations["switchMethod"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live status: the process view, each time a step is recorded (server-sent events)
         * @description A `text/event-stream` of `process` events, each the same JSON as GET /v1/processes/{processId}, with the latest step's `seq` as its `id`.
         *
         *     The current view comes first; then one event per step recorded; the stream ends after the outcome.
         *
         *     A client that reconnects with `Last-Event-ID` (EventSource does) gets the current view if the process moved past that id, and nothing it already had.
         *
         *     A closed process whose outcome the client already has answers 204, which tells EventSource to stop reconnecting.
         *
         *     Comment lines (`: heartbeat`) keep quiet streams open through proxies.
         */
        get: operations["streamProcessEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A hosted verification page for the holder: a short-lived URL (issue 19)
         * @description The URL opens a page that follows the process live and lets the holder act on it: the QR code and a fresh one (R-P7), the face check's reason and tries left (R-P8), the recharge instructions (R-E5), the remittance amount (R-E6.5), a rejected review's reason, the outcome, and what happens next and by when.
         *
         *     It works for VERIFICATION_SESSION_MINUTES (60 minutes unless set; `expiresAt` says when), for this process only. A new session replaces the one before: the earlier URL stops working at once.
         *
         *     Its token opens no /v1 operation except this process's event stream (GET /v1/processes/{processId}/events?session_token=…).
         *
         *     The account's holder asks for it, or the platform (an operator token) on the holder's behalf.
         */
        post: operations["createVerificationSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's message centre, newest first (R-G5) */
        get: operations["listMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/messages/{messageId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a message read */
        post: operations["markMessageRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a document (JPG/PNG, PDF where the rules allow it; at most 5 MB)
         * @description Returns a document id; processes refer to materials by id only. The type is judged by content, not by file name. Per account at most 20 documents and 50 MB not yet taken by a process (409 beyond); such a document expires 24 hours after its upload and is deleted. At most 10 uploads per token per minute (429).
         */
        post: operations["uploadDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/enterprise-verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an enterprise verification (its holder)
         * @description R-E2 basic information, then the chosen R-E4 method with what it needs. GET the process for what to do next: the code to scan (WeChat Official Account, legal person WeChat QR or face), the amount to pay and the payee account (recharge, R-E5), or the handler face check and the review (remittance, R-E6). An Idempotency-Key makes a retried start return the same process.
         */
        post: operations["startEnterpriseVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/enterprise-method": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Choose an enterprise method again (R-E4, R-E6.3)
         * @description After a withdrawn or rejected review, or instead of a code nobody has used yet. With an Idempotency-Key, a repeat of the request (same key, same body) is the same request: it gets the first one's answer and is not taken again; a new request needs a new key.
         */
        post: operations["chooseEnterpriseMethod"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/review-withdrawal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw the materials from review before a decision (R-E6.3)
         * @description The process returns to method choice. With an Idempotency-Key, a repeat of the request (same key, same body) is the same request: it gets the first one's answer and is not taken again; a new request needs a new key.
         */
        post: operations["withdrawReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/remittance-amount": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enter the amount the payout brought (R-E6.5)
         * @description Answers at once. Two wrong entries fail the process; entries are rate-limited per token. An entry taken before the window ends is judged even when its check ends after it, and the process follows that answer. With an Idempotency-Key, a repeat of the request (same key, same body) is the same request: it gets the first one's answer and is not taken again; a new request needs a new key. So a retried entry (a lost response, a double click) uses no second attempt.
         */
        post: operations["submitRemittanceAmount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reviews in a status, oldest first (operators) */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{reviewId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review with its materials (masked) and audit log (operators) */
        get: operations["getReview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{reviewId}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim a pending review for a while (operators) */
        post: operations["claimReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{reviewId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give a claimed review back to the queue (operators) */
        post: operations["releaseReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{reviewId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject, with a mandatory reason (operators)
         * @description Allowed when the review is unclaimed, or claimed by the caller. Deciding claims the review first (audited), so another operator's claim racing it is refused (409); the claim stays until it runs out, whatever the answer. The process moves on at once.
         */
        post: operations["decideReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/activity-failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Activities that gave up, newest first (operators)
         * @description An activity gives up on a failure no retry can mend (an impossible state, a missing row, a value it cannot take) or on the last attempt its retry policy allows. Its workflow then fails with that activity failure, and its process is closed as `failed` with reason `internal_error` (R-G7), shown in `process`. A page at a time: `limit` entries (default 50, at most 200), then `cursor=<nextCursor>` until nextCursor is null.
         */
        get: operations["listActivityFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The business-day calendar in force: its source, its days in a range, its reach (R-G6, operators)
         * @description Business days are Monday to Friday minus public holidays plus the weekend days worked instead (调休). The schedule comes from the npm package chinese-days, with the operators' extension over it (BUSINESS_CALENDAR_FILE, HOLIDAYS, EXTRA_WORKING_DAYS: it wins for the days it names). Past its reach only the statutory holidays count (source `provisional`). Range: `from` (default 1 January of this year) to `to` (default 31 December of next year), at most three years.
         */
        get: operations["getBusinessCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/calendar/business-days": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * "N business days after date D", counted as every deadline is (R-G6, operators)
         * @description The n-th business day after `from` (the day itself never counts), on the calendar new processes are given. A deadline of n business days started at any time on `from` ends at `deadline`, 24:00 China time of that day: check a review's dueAt or expiresAt by hand. `beyondReach` says the answer passed the published calendar, where only the statutory holidays count.
         */
        get: operations["countBusinessDays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Outcome notices not delivered: still retried (pending) or out of attempts (failed), oldest first (operators)
         * @description R-G7: notices are delivered apart from their process, retried with backoff, and marked failed after NOTICE_MAX_ATTEMPTS attempts. A page at a time: `limit` notices (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.
         */
        get: operations["listUndeliveredNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registered endpoints, without their secrets (operators) */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /** Register an endpoint for event webhooks; answers its signing secret once (operators) */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret: deliveries from now on are signed with the new one only (operators) */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an endpoint: nothing more is delivered to it, its pending deliveries are dropped (operators) */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change the event types or the ordering of an endpoint (operators)
         * @description A new ordering applies to the deliveries not yet sent: from `none` to `per_process`, a process's pending deliveries go one at a time from the earliest; from `per_process` to `none`, the ones waiting go at once.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's deliveries, newest first (operators)
         * @description A page at a time: `limit` deliveries (default 50, at most 200), then the next page from `cursor=<nextCursor>`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{deliveryId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver an event again, with the same webhook-id and body, within three more days (operators)
         * @description A delivered or given-up delivery is sent again as a repeat outside the process's order: it does not wait for the process's pending events and they do not wait for it (the receiver tells it by its webhook-id and data.seq). A pending one is tried at once, keeping its place: to a `per_process` endpoint it still goes only after the earlier ones.
         */
        post: operations["resendWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a change of the verified subject (its holder)
         * @description R-C1..R-C7. The account keeps its subject until the change succeeds (R-C3); revoke with POST /v1/processes/{id}/revoke. An Idempotency-Key makes a retried start return the same process.
         */
        post: operations["startChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a change before its outcome; the account stays exactly as before (R-C3) */
        post: operations["revokeChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/materials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resubmit corrected materials after a rejected review (R-C5.4, R-C6) */
        post: operations["resubmitMaterials"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/processes/{processId}/new-entity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** After an entity change's approval: the new entity's basic information and method (R-C5.5) */
        post: operations["submitNewEntity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every verification and change of the account, oldest first, subjects masked (R-C9)
         * @description A page at a time: `limit` entries (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.
         */
        get: operations["listSubjectHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/wechat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Events from WeChat about a QR ticket (signed)
         * @description Signed with HMAC-SHA256 over `timestamp.body` using the shared secret: send the hex digest in X-Signature and the Unix timestamp (seconds) in X-Signature-Timestamp; timestamps more than 5 minutes off are refused. An event id has one effect at most.
         */
        post: operations["receiveWechatEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/qq": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Events from QQ about a QR ticket, bank-card detour included (signed)
         * @description Signed with HMAC-SHA256 over `timestamp.body` using the shared secret: send the hex digest in X-Signature and the Unix timestamp (seconds) in X-Signature-Timestamp; timestamps more than 5 minutes off are refused. An event id has one effect at most.
         */
        post: operations["receiveQqEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/face": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Results of the live face check for a mini-program code (signed)
         * @description Signed with HMAC-SHA256 over `timestamp.body` using the shared secret: send the hex digest in X-Signature and the Unix timestamp (seconds) in X-Signature-Timestamp; timestamps more than 5 minutes off are refused. An event id has one effect at most.
         */
        post: operations["receiveFaceEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A payment arrived on the payee account (payment gateway, signed) */
        post: operations["receivePaymentEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Payments and their refunds, newest first (operators)
         * @description R-E5: every payment the gateway reported, whatever it quoted, with its outcome: credited, or refunded to its payer and why (unknown_reference: it named no process that takes payments), with the attempts the worker made to have the gateway confirm it and, once it kept failing, when operators were alerted (R-G7). A page at a time: `limit` entries (default 50, at most 200), then `cursor=<nextCursor>` until nextCursor is null.
         */
        get: operations["listPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay into the payee account as the given payer (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxPay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/bank": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A remittance payout reached the account (bank, signed) */
        post: operations["receivePayoutDeliveredEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/payouts/{processId}/delivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report the process's latest payout as arrived, as the bank would (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxDeliverPayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/wechat/tickets/{ticket}/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan the ticket with WeChat (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxWechatScan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/wechat/tickets/{ticket}/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Authorise as the given person (WeChat Pay's real-name record)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxWechatAuthorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/wechat/tickets/{ticket}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline the authorisation (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxWechatReject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/qq/tickets/{ticket}/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan the ticket with mobile QQ (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxQqScan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/qq/tickets/{ticket}/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Authorise as the given person (QQ's real-name record)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxQqAuthorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/qq/tickets/{ticket}/require-bank-card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * This QQ has no linked bank card: send the person to link one (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxQqRequireBankCard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/qq/tickets/{ticket}/link-bank-card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The person linked a bank card in QQ (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxQqLinkBankCard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/face/tickets/{ticket}/pass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pass the live face check, reporting whom it verified (sandbox; R-P10; magic names fail it, R-P8)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxFacePass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sandbox/face/tickets/{ticket}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fail the live face check with an R-P8 reason (sandbox)
         * @description No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.
         */
        post: operations["sandboxFaceFail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "process.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A process was started (its first step follows as process.step_changed)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onProcessStarted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "process.step_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A process moved to another step
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onProcessStepChanged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "process.verified": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A verification succeeded
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onProcessVerified"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "process.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A process failed (its reason in data.process.failureReason)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onProcessFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "review.decided": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An operator approved or rejected a manual review (R-E6.3, R-C5.4; data.review)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onReviewDecided"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.refunded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The payment gateway confirmed a refund to the payer (R-E5; data.refund)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onPaymentRefunded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A change of the verified subject was applied (R-C3)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onChangeCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change.revoked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A change was revoked before its outcome (R-C3)
         * @description Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.
         */
        post: operations["onChangeRevoked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        Account: {
            id: string;
            displayName: string;
            /** @enum {string} */
            status: "unverified" | "individual" | "enterprise";
            subject: components["schemas"]["MaskedSubject"];
            /** @description R-G1: enterprise accounts only; R-C8: never under a former name */
            vatSpecialInvoice: {
                available: boolean;
                blockedFormerNames: string[];
            };
            verifiedAt: string | null;
            openProcessId: string | null;
            createdAt: string;
        };
        MaskedSubject: {
            /** @enum {string} */
            type: "individual" | "enterprise";
            /** @example 张** */
            name: string;
            documentType?: string;
            /** @example 110105********002X */
            documentNumber?: string;
        } | null;
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            errors?: {
                field: string;
                message: string;
                rule?: string;
            }[];
            /** @description The rule a refusal enforces (R-C1, R-P6, …) */
            rule?: string;
            /** @description The request's field a refusal is about, where it is about one (a method the document does not allow, say) */
            field?: string;
        } & {
            [key: string]: unknown;
        };
        CreateAccount: {
            /** @description Chosen id; generated when absent */
            id?: string;
            displayName: string;
        };
        UnmaskedSubject: {
            accountId: string;
            /** @description The subject in clear; null while the account is unverified */
            subject: {
                [key: string]: unknown;
            } | null;
            /** @description The audit row this read wrote */
            auditId: string;
            at: string;
        };
        StartedProcess: {
            processId: string;
            status: string;
            step: string;
            qrCode: components["schemas"]["QrCode"];
            allowedMethods: string[];
            /** @description R-P6: one of allowedMethods, recommended from the account's situation: the method the fewest setbacks speak against (failed face checks against face, a real-name record that did not match against its method), WeChat QR first on a tie */
            recommendedMethod: string;
        };
        QrCode: {
            ticket: string;
            qrUrl: string;
            expiresAt: string;
            expired: boolean;
        };
        StartVerification: {
            /** @enum {string} */
            type: "individual";
            /**
             * @description R-P4 method; QQ QR and face are for mainland ID cards only (R-P6)
             * @example wechat_qr
             * @enum {string}
             */
            method: "wechat_qr" | "qq_qr" | "face";
            applicant: components["schemas"]["Applicant"];
        };
        Applicant: {
            /** @example 张三 */
            name: string;
            /**
             * @description mainland_id, hk_macao_permit or taiwan_permit (R-P1); anything else is refused (R-G3)
             * @example mainland_id
             */
            documentType: string;
            /** @example 11010519491231002X */
            documentNumber: string;
            /** @description Required for travel permits (R-P3) */
            birthDate?: string;
            /** @example software */
            industry: string;
            /** @example 北京市海淀区… */
            address: string;
        };
        Process: {
            processId: string;
            accountId: string;
            kind: string;
            method: string | null;
            /** @enum {string} */
            status: "open" | "verified" | "failed" | "changed" | "revoked";
            step: string;
            failureReason: string | null;
            /** @description R-P8: why the latest face check failed */
            lastFaceFailure: string | null;
            deadlines: {
                [key: string]: string;
            };
            qrCode: components["schemas"]["QrCode"] | null;
            /** @description R-E5: pay exactly this amount from the enterprise account, quoting the reference */
            recharge: {
                amountFen: number;
                amountYuan: string;
                payeeAccount: string;
                reference: string;
                deadline: string;
                attemptsLeft: number;
            } | null;
            /** @description Face checks left in this process */
            faceTriesLeft: number | null;
            /** @description R-P6: an individual verification's methods its document allows (switch with POST /v1/processes/{processId}/method); null for other kinds and for processes opened before the process row kept the document */
            allowedMethods: string[] | null;
            /** @description R-P6: one of allowedMethods, recommended as the process goes: the method the fewest setbacks in this process speak against (a declined WeChat authorisation against WeChat QR, failed face checks against face, a QQ bank-card deadline passed against QQ QR; once failed, a real-name record that did not match against its method), WeChat QR first on a tie; null where allowedMethods is */
            recommendedMethod: string | null;
            /** @description R-E6: review, payout and amount entry; the amount itself is never shown */
            remittance: {
                reviewId: string | null;
                reviewDueAt: string | null;
                /** @description Why the last review rejected the materials */
                reviewReason: string | null;
                payoutSentAt: string | null;
                deliveredAt: string | null;
                /** @description R-E6.5: enter the amount received before this */
                amountDeadline: string | null;
                attemptsLeft: number;
                /** @description R-E6.4: the bank should report the payout delivered by this (business days); null before the payout or in older processes */
                deliveryDueAt: string | null;
                /** @description R-G7: a payout still unreported then fails the process (payout_not_delivered) */
                deliveryDeadline: string | null;
                /** @description R-E6.4: the bank has not reported the payout delivered in time; check the bank details */
                payoutOverdue: boolean;
                payoutOverdueSince: string | null;
                /** @description What to check while the payout is overdue, in the request's language (Accept-Language, Chinese by default; in event webhooks NOTICE_LANGUAGE) */
                payoutOverdueDetail: string | null;
                /**
                 * @description R-E6.4: the bank refused the payout to the account submitted (nothing was sent): no such account, a closed one, or one not held in the enterprise name. The process went back to method choice: submit the remittance again with corrected bank details (a new review), or choose another method
                 * @enum {string|null}
                 */
                payoutRefusal: "account_invalid" | "account_closed" | "payee_name_mismatch" | null;
                /** @description What the holder reads about the refusal and what to correct, in the request's language (Accept-Language, Chinese by default; in event webhooks NOTICE_LANGUAGE) */
                payoutRefusalDetail: string | null;
            } | null;
            /** @description The latest 50 steps, oldest first; GET /v1/processes/{id}/steps pages through all of them */
            history: components["schemas"]["ProcessStep"][];
            /** @description Whether older steps are left out of history */
            historyTruncated: boolean;
            /** @description R-E5: the latest 50 payments quoting the process, oldest first, each with its outcome and refund; operators list all of them at GET /v1/operator/payments?processId= */
            payments: components["schemas"]["Payment"][];
            /** @description Whether older payments are left out of payments */
            paymentsTruncated: boolean;
            createdAt: string;
            completedAt: string | null;
        };
        ProcessStep: {
            step: string;
            at: string;
            detail: {
                [key: string]: unknown;
            } | null;
        };
        /** @description R-E5: a payment quoting the process; every payment that does not complete a verification is refunded, once */
        Payment: {
            /** @description The payment gateway's transaction id */
            transactionId: string;
            amountFen: number;
            amountYuan: string;
            receivedAt: string;
            /**
             * @description credited to the balance (it verified the account); refunded to its payer (refund_pending until the gateway confirms); pending while the recharge judges it
             * @enum {string}
             */
            outcome: "pending" | "credited" | "refund_pending" | "refunded";
            refund: components["schemas"]["Refund"];
        };
        Refund: {
            /**
             * @description wrong_amount, wrong_payer, wrong_amount_and_payer (the recharge judged it and it cost an attempt); enterprise_limit_reached (R-E7: it matched, but nothing could be credited); process_ended (the process had reached its outcome); other_method (the process verifies by another method); not_awaiting_payment (no amount was shown to pay yet); payment_mismatch (recorded before reasons were); unknown_reference (the reference names no process that takes payments)
             * @enum {string}
             */
            reason: "wrong_amount" | "wrong_payer" | "wrong_amount_and_payer" | "enterprise_limit_reached" | "process_ended" | "other_method" | "not_awaiting_payment" | "payment_mismatch" | "unknown_reference";
            amountFen: number;
            amountYuan: string;
            decidedAt: string;
            /** @description When the gateway confirmed the refund; null while it is still being asked */
            refundedAt: string | null;
        } | null;
        SwitchMethod: {
            /**
             * @description R-P4 method; QQ QR and face are for mainland ID cards only (R-P6)
             * @example wechat_qr
             * @enum {string}
             */
            method: "wechat_qr" | "qq_qr" | "face";
        };
        ProcessEvent: {
            /** @enum {string} */
            event?: "process";
            /** @description The view, as GET /v1/processes/{processId} answers it, in JSON */
            data: string;
            /** @description The latest step's seq */
            id?: string;
            retry?: number;
        };
        VerificationSession: {
            /**
             * Format: uri
             * @description The hosted verification page, on the API origin; its token is in the URL. Append `?lang=en` for English (Chinese by default).
             */
            url: string;
            /**
             * Format: date-time
             * @description When the URL stops working; ask for a new session then
             */
            expiresAt: string;
        };
        Message: {
            id: string;
            processId: string | null;
            title: string;
            body: string;
            createdAt: string;
            read: boolean;
        };
        Document: {
            id: string;
            accountId: string;
            /** @enum {string} */
            purpose: "business_licence" | "legal_person_id_emblem" | "legal_person_id_portrait" | "change_application_form" | "deregistration_proof" | "registry_change_proof";
            contentType: string;
            size: number;
            sha256: string;
        };
        StartedEnterpriseProcess: {
            processId: string;
            status: string;
        };
        StartEnterpriseVerification: {
            /**
             * @description R-E4 method
             * @enum {string}
             */
            method: "wechat_official_account" | "legal_person_wechat" | "legal_person_face" | "recharge" | "remittance";
            /** @description Legal person's name and mainland ID: for legal_person_wechat and legal_person_face */
            legalPerson?: {
                name: string;
                documentNumber: string;
            };
            /** @description R-E6.1: for remittance */
            remittance?: {
                bankAccount: {
                    accountNumber: string;
                    bank: string;
                    location: string;
                    branch: string;
                };
                legalPerson: {
                    name: string;
                    documentNumber: string;
                };
                photos: {
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_emblem
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    emblemSideDocumentId: string;
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_portrait
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    portraitSideDocumentId: string;
                };
                /** @description R-E6.2: the person doing the work; passes a face check next */
                handler: {
                    name: string;
                    documentNumber: string;
                };
            };
            enterprise: {
                /** @enum {string} */
                licenceType: "business_licence" | "other_registration_certificate";
                /**
                 * @description From POST /v1/documents with purpose business_licence
                 * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                 */
                licenceDocumentId: string;
                /** @description Exactly as on the licence */
                name: string;
                /**
                 * @description R-E2: the 18-character unified social credit code or, lacking one, the 15-digit registration number or the 9-character organisation code; an individually-owned business without a credit code writes the placeholder 00000000-0 and gives registrationNumber
                 * @example 91350100M000100Y43
                 */
                creditCode: string;
                /**
                 * @description R-E2, R-E7: an individually-owned business's 15-digit registration number (GS15-2006 check digit), only beside creditCode 00000000-0; it is then the business's code, and R-E7 counts the business by it
                 * @example 110108000000016
                 */
                registrationNumber?: string;
                /**
                 * @description R-G3: where the enterprise is registered; absent is the mainland. Any other region is refused (not served here; see the international site)
                 * @enum {string}
                 */
                region?: "mainland" | "hong_kong" | "macao" | "taiwan" | "overseas";
                address: string;
                contact: {
                    name: string;
                    documentNumber: string;
                    mobile: string;
                };
            };
        };
        ProcessStepAnswer: {
            processId: string;
            status: string;
            step: string;
        };
        EnterpriseMethodChoice: {
            /**
             * @description R-E4 method
             * @enum {string}
             */
            method: "wechat_official_account" | "legal_person_wechat" | "legal_person_face" | "recharge" | "remittance";
            /** @description Legal person's name and mainland ID: for legal_person_wechat and legal_person_face */
            legalPerson?: {
                name: string;
                documentNumber: string;
            };
            /** @description R-E6.1: for remittance */
            remittance?: {
                bankAccount: {
                    accountNumber: string;
                    bank: string;
                    location: string;
                    branch: string;
                };
                legalPerson: {
                    name: string;
                    documentNumber: string;
                };
                photos: {
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_emblem
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    emblemSideDocumentId: string;
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_portrait
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    portraitSideDocumentId: string;
                };
                /** @description R-E6.2: the person doing the work; passes a face check next */
                handler: {
                    name: string;
                    documentNumber: string;
                };
            };
        };
        RemittanceAmountAnswer: {
            correct: boolean;
            attemptsLeft: number;
        };
        RemittanceAmount: {
            /** @description The payout received, in fen (0.01 yuan) */
            amountFen: number;
        };
        ReviewSummary: {
            reviewId: string;
            processId: string;
            accountId: string;
            kind: string;
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "withdrawn" | "expired";
            rules: string[];
            /** @description End of the SLA in business days (R-E6.3, R-G6) */
            dueAt: string;
            /** @description R-G7: the final deadline in business days; undecided then, the review closes expired and its process fails review_expired. Null for reviews started without one */
            expiresAt: string | null;
            escalated: boolean;
            overdue: boolean;
            claimedBy: string | null;
            claimExpiresAt: string | null;
            decidedBy: string | null;
            decisionReason: string | null;
            decidedAt: string | null;
            createdAt: string;
        };
        ReviewDetail: components["schemas"]["ReviewSummary"] & {
            materials: {
                documents: {
                    [key: string]: {
                        documentId: string;
                        /** @description Null when the stored id is not a document id (finding 5) or no document of the review's account (security finding 6) */
                        url: string | null;
                        /**
                         * @description Why url is null; null when it is not
                         * @enum {string|null}
                         */
                        refused: "not-a-document-id" | "not-the-accounts-document" | null;
                    };
                };
                fields: {
                    [key: string]: unknown;
                };
            };
            audit: {
                actor: string;
                action: string;
                reason: string | null;
                at: string;
                detail?: unknown;
            }[];
        };
        ReviewDecision: {
            /** @enum {string} */
            decision: "approve" | "reject";
            reason: string;
        };
        ActivityFailure: {
            workflowId: string;
            runId: string;
            workflowType: string;
            activityType: string;
            activityId: string;
            attempt: number;
            /** @description A type of the failure catalogue (domain/failures.ts), or the error name of a transient failure on its last allowed attempt */
            failureType: string;
            /** @description False: no retry could mend it, so it was attempted once. True: a transient failure that used up the attempts its retry policy allowed */
            retryable: boolean;
            /** @description This project's own message (ids only), or the error's name and code; the whole failure is in the workflow's history */
            message: string;
            at: string;
            /** @description The process that workflow run drove, as its read model has it now: `failed` with `internal_error` when the workflow failed and the process was closed for it (R-G7). Null when the run opened no process (its first activity gave up) or is not a process workflow */
            process: {
                processId: string;
                status: string;
                failureReason: string | null;
            } | null;
        };
        BusinessCalendar: {
            source: {
                library: {
                    /** @enum {string} */
                    name: "chinese-days";
                    version: string;
                    firstYear: number;
                    lastYear: number;
                };
                extension: {
                    /** @description BUSINESS_CALENDAR_FILE (its path), HOLIDAYS, EXTRA_WORKING_DAYS: the ones set */
                    origins: string[];
                    /** @description The file's `source`, e.g. the notice its days were copied from */
                    note: string | null;
                    /** @description Years the extension names a day in */
                    years: number[];
                    /** @description Years the extension is declared to give whole (`completeYears`, CALENDAR_COMPLETE_YEARS): only these extend the reach; any other year keeps its provisional statutory days */
                    completeYears: number[];
                    holidays: number;
                    extraWorkingDays: number;
                } | null;
                /** @description What counts past coveredThrough */
                provisional: string;
            };
            reach: {
                /** @description The last day whose schedule is known: the library's last year, or the years the extension declares complete that follow it without a gap */
                coveredThrough: string;
                /** @description Days from today (China time) to coveredThrough; negative once past it */
                reachDays: number;
                /** @description Set when the calendar ends within 60 days, or before the longest configured business-day deadline started today (also on /readyz and in the start-up log) */
                warning: string | null;
            };
            /** @description Open processes with a business-day deadline (a pending review's SLA, a payout's overdue point or delivery deadline) after coveredThrough, where only the statutory holidays count: recheck them once the next schedule is in (also the metric realname_open_processes_past_calendar_reach) */
            openProcessesPastReach: number;
            from: string;
            to: string;
            /** @description Public holidays in the range, weekends among them included */
            holidays: components["schemas"]["CalendarDay"][];
            /** @description Weekend days worked instead (调休) in the range, and days an operator made working days */
            extraWorkingDays: components["schemas"]["CalendarDay"][];
        };
        CalendarDay: {
            date: string;
            /** @description The festival, as the library or the law names it; null for a day an operator added */
            name: string | null;
            /**
             * @description `library`: the published schedule (chinese-days); `extension`: BUSINESS_CALENDAR_FILE, HOLIDAYS or EXTRA_WORKING_DAYS; `provisional`: past the reach, a statutory holiday only
             * @enum {string}
             */
            source: "library" | "extension" | "provisional";
        };
        BusinessDaysAfter: {
            from: string;
            days: number;
            /** @description The n-th business day after from */
            date: string;
            /** @description ISO instant: 24:00 China time of date, the first instant past the deadline */
            deadline: string;
            /** @description The days counted, in order */
            businessDays: string[];
            /** @description The days passed over, each with why */
            skipped: {
                date: string;
                /** @enum {string} */
                reason: "weekend" | "holiday";
                name: string | null;
                /** @enum {string|null} */
                source: "library" | "extension" | "provisional" | null;
            }[];
            beyondReach: boolean;
            reach: {
                /** @description The last day whose schedule is known: the library's last year, or the years the extension declares complete that follow it without a gap */
                coveredThrough: string;
                /** @description Days from today (China time) to coveredThrough; negative once past it */
                reachDays: number;
                /** @description Set when the calendar ends within 60 days, or before the longest configured business-day deadline started today (also on /readyz and in the start-up log) */
                warning: string | null;
            };
        };
        Notice: {
            /** @description process:outcome[:occurrence]:channel */
            id: string;
            accountId: string;
            processId: string | null;
            /** @description The outcome notified: verified, failed, review_approved, review_rejected, payout_overdue (R-E6.4: check the bank details), payout_refused (R-E6.4: the bank refused the account; correct the bank details) */
            kind: string;
            /** @enum {string} */
            channel: "sms" | "email" | "wechat";
            /** @enum {string} */
            status: "pending" | "failed";
            attempts: number;
            /** @description When the delivery loop tries it next; null once failed */
            nextAttemptAt: string | null;
            /** @description The last attempt's error (name and start of its message) */
            lastError: string | null;
            failedAt: string | null;
            createdAt: string;
        };
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description The signing secret (`whsec_` + base64), answered only here: keep it, it is never listed */
            secret: string;
        };
        WebhookEndpoint: {
            id: string;
            url: string;
            eventTypes: ("process.started" | "process.step_changed" | "process.verified" | "process.failed" | "review.decided" | "payment.refunded" | "change.completed" | "change.revoked")[];
            /**
             * @description `per_process`: a process's events reach this endpoint one at a time in the order they were recorded (data.seq): a later one waits until the earlier ones are delivered, or given up after three days. `none` (the default, as Stripe does): each event is sent when due, so one being retried may arrive after later ones. A resend is a repeat outside the order either way.
             * @enum {string}
             */
            ordering: "none" | "per_process";
            /** @enum {string} */
            status: "enabled" | "disabled";
            disabledAt: string | null;
            disabledReason: string | null;
            createdAt: string;
            secretRotatedAt: string | null;
        };
        WebhookEndpointRequest: {
            /** Format: uri */
            url: string;
            eventTypes: ("process.started" | "process.step_changed" | "process.verified" | "process.failed" | "review.decided" | "payment.refunded" | "change.completed" | "change.revoked")[];
            /**
             * @description `per_process`: a process's events reach this endpoint one at a time in the order they were recorded (data.seq): a later one waits until the earlier ones are delivered, or given up after three days. `none` (the default, as Stripe does): each event is sent when due, so one being retried may arrive after later ones. A resend is a repeat outside the order either way.
             * @enum {string}
             */
            ordering?: "none" | "per_process";
        };
        WebhookEndpointUpdate: {
            /** @description Applies to events queued from now on */
            eventTypes?: ("process.started" | "process.step_changed" | "process.verified" | "process.failed" | "review.decided" | "payment.refunded" | "change.completed" | "change.revoked")[];
            /**
             * @description `per_process`: a process's events reach this endpoint one at a time in the order they were recorded (data.seq): a later one waits until the earlier ones are delivered, or given up after three days. `none` (the default, as Stripe does): each event is sent when due, so one being retried may arrive after later ones. A resend is a repeat outside the order either way.
             * @enum {string}
             */
            ordering?: "none" | "per_process";
        };
        WebhookDelivery: {
            id: string;
            endpointId: string;
            /** @description The webhook-id header: the same on every attempt and resend */
            eventId: string;
            eventType: string;
            processId: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /** @description The receiver's last HTTP status; null when it could not be reached */
            lastStatus: number | null;
            lastError: string | null;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            failedAt: string | null;
            createdAt: string;
        };
        StartedChange: {
            processId: string;
            status: string;
        };
        StartChange: {
            /** @enum {string} */
            kind: "individual_to_enterprise" | "individual_to_individual" | "enterprise_entity" | "enterprise_name" | "legal_representative";
            /**
             * @description R-C4: the holder agrees to the change agreement
             * @enum {boolean}
             */
            agreement: true;
            /** @description R-C4 to enterprise, R-C5: the new enterprise (R-E2) and its method (R-E4) */
            enterprise?: {
                /**
                 * @description R-E4 method
                 * @enum {string}
                 */
                method: "wechat_official_account" | "legal_person_wechat" | "legal_person_face" | "recharge" | "remittance";
                /** @description Legal person's name and mainland ID: for legal_person_wechat and legal_person_face */
                legalPerson?: {
                    name: string;
                    documentNumber: string;
                };
                /** @description R-E6.1: for remittance */
                remittance?: {
                    bankAccount: {
                        accountNumber: string;
                        bank: string;
                        location: string;
                        branch: string;
                    };
                    legalPerson: {
                        name: string;
                        documentNumber: string;
                    };
                    photos: {
                        /**
                         * @description POST /v1/documents, purpose legal_person_id_emblem
                         * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                         */
                        emblemSideDocumentId: string;
                        /**
                         * @description POST /v1/documents, purpose legal_person_id_portrait
                         * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                         */
                        portraitSideDocumentId: string;
                    };
                    /** @description R-E6.2: the person doing the work; passes a face check next */
                    handler: {
                        name: string;
                        documentNumber: string;
                    };
                };
                enterprise: {
                    /** @enum {string} */
                    licenceType: "business_licence" | "other_registration_certificate";
                    /**
                     * @description From POST /v1/documents with purpose business_licence
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    licenceDocumentId: string;
                    /** @description Exactly as on the licence */
                    name: string;
                    /**
                     * @description R-E2: the 18-character unified social credit code or, lacking one, the 15-digit registration number or the 9-character organisation code; an individually-owned business without a credit code writes the placeholder 00000000-0 and gives registrationNumber
                     * @example 91350100M000100Y43
                     */
                    creditCode: string;
                    /**
                     * @description R-E2, R-E7: an individually-owned business's 15-digit registration number (GS15-2006 check digit), only beside creditCode 00000000-0; it is then the business's code, and R-E7 counts the business by it
                     * @example 110108000000016
                     */
                    registrationNumber?: string;
                    /**
                     * @description R-G3: where the enterprise is registered; absent is the mainland. Any other region is refused (not served here; see the international site)
                     * @enum {string}
                     */
                    region?: "mainland" | "hong_kong" | "macao" | "taiwan" | "overseas";
                    address: string;
                    contact: {
                        name: string;
                        documentNumber: string;
                        mobile: string;
                    };
                };
            };
            newIndividual?: components["schemas"]["Applicant"] & unknown;
            /** @description R-C6 */
            newName?: string;
            /** @description R-C7 */
            legalRepresentative?: {
                name: string;
                documentNumber: string;
                /** @enum {string} */
                method: "wechat_qr" | "face";
            };
            /** @description R-C5.2 */
            preChangeLegalPerson?: {
                name: string;
                documentNumber: string;
            };
            /** @description R-C5.2: the new entity, as the reviewer sees it; its full basic information and method follow the review's approval (POST /v1/processes/{id}/new-entity), and must name this entity: the same name and code (R-C5.5) */
            newEntity?: {
                name: string;
                /**
                 * @description R-E2: the 18-character unified social credit code or, lacking one, the 15-digit registration number or the 9-character organisation code; an individually-owned business without a credit code writes the placeholder 00000000-0 and gives registrationNumber
                 * @example 91350100M000100Y43
                 */
                creditCode: string;
                /**
                 * @description R-E2, R-E7: an individually-owned business's 15-digit registration number (GS15-2006 check digit), only beside creditCode 00000000-0; it is then the business's code, and R-E7 counts the business by it
                 * @example 110108000000016
                 */
                registrationNumber?: string;
                /**
                 * @description R-G3: where the enterprise is registered; absent is the mainland. Any other region is refused (not served here; see the international site)
                 * @enum {string}
                 */
                region?: "mainland" | "hong_kong" | "macao" | "taiwan" | "overseas";
                address: string;
            };
            /** @description Document ids (POST /v1/documents) by role: enterprise_name takes applicationForm, changeProof, licence; enterprise_entity takes applicationForm, originalLicence, legalPersonIdEmblemSide, legalPersonIdPortraitSide (R-C5.3, R-C6) */
            materials?: {
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                applicationForm?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                changeProof?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                licence?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                originalLicence?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                legalPersonIdEmblemSide?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                legalPersonIdPortraitSide?: string;
            };
        };
        ResubmitMaterials: {
            /** @description Document ids (POST /v1/documents) by role: enterprise_name takes applicationForm, changeProof, licence; enterprise_entity takes applicationForm, originalLicence, legalPersonIdEmblemSide, legalPersonIdPortraitSide (R-C5.3, R-C6) */
            materials: {
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                applicationForm?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                changeProof?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                licence?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                originalLicence?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                legalPersonIdEmblemSide?: string;
                /** @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b */
                legalPersonIdPortraitSide?: string;
            };
        };
        NewEntity: {
            /**
             * @description R-E4 method
             * @enum {string}
             */
            method: "wechat_official_account" | "legal_person_wechat" | "legal_person_face" | "recharge" | "remittance";
            /** @description Legal person's name and mainland ID: for legal_person_wechat and legal_person_face */
            legalPerson?: {
                name: string;
                documentNumber: string;
            };
            /** @description R-E6.1: for remittance */
            remittance?: {
                bankAccount: {
                    accountNumber: string;
                    bank: string;
                    location: string;
                    branch: string;
                };
                legalPerson: {
                    name: string;
                    documentNumber: string;
                };
                photos: {
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_emblem
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    emblemSideDocumentId: string;
                    /**
                     * @description POST /v1/documents, purpose legal_person_id_portrait
                     * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                     */
                    portraitSideDocumentId: string;
                };
                /** @description R-E6.2: the person doing the work; passes a face check next */
                handler: {
                    name: string;
                    documentNumber: string;
                };
            };
            enterprise: {
                /** @enum {string} */
                licenceType: "business_licence" | "other_registration_certificate";
                /**
                 * @description From POST /v1/documents with purpose business_licence
                 * @example doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b
                 */
                licenceDocumentId: string;
                /** @description Exactly as on the licence */
                name: string;
                /**
                 * @description R-E2: the 18-character unified social credit code or, lacking one, the 15-digit registration number or the 9-character organisation code; an individually-owned business without a credit code writes the placeholder 00000000-0 and gives registrationNumber
                 * @example 91350100M000100Y43
                 */
                creditCode: string;
                /**
                 * @description R-E2, R-E7: an individually-owned business's 15-digit registration number (GS15-2006 check digit), only beside creditCode 00000000-0; it is then the business's code, and R-E7 counts the business by it
                 * @example 110108000000016
                 */
                registrationNumber?: string;
                /**
                 * @description R-G3: where the enterprise is registered; absent is the mainland. Any other region is refused (not served here; see the international site)
                 * @enum {string}
                 */
                region?: "mainland" | "hong_kong" | "macao" | "taiwan" | "overseas";
                address: string;
                contact: {
                    name: string;
                    documentNumber: string;
                    mobile: string;
                };
            };
            /**
             * @description R-C5.5: the holder agrees to the new entity's verification agreement
             * @enum {boolean}
             */
            agreement: true;
        };
        SubjectHistoryEntry: {
            processId: string;
            kind: string;
            requestedBy: string;
            outcome: string;
            before: {
                [key: string]: unknown;
            } | null;
            after: {
                [key: string]: unknown;
            } | null;
            startedAt: string;
            endedAt: string | null;
        };
        WebhookAck: {
            received: boolean;
            duplicate: boolean;
            ignored?: string;
        };
        WechatWebhookEvent: {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "scanned";
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "authorized";
            realName: {
                name: string;
                documentNumber: string;
            };
            /** @description R-E4: for an official account's administrator, the enterprise name verified on that official account */
            officialAccountName?: string;
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "rejected";
        };
        QqWebhookEvent: {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "scanned";
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "authorized";
            realName: {
                name: string;
                documentNumber: string;
            };
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "bank_card_required";
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "bank_card_linked";
        };
        FaceWebhookEvent: {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "passed";
            person?: components["schemas"]["CheckedPerson"];
        } | {
            eventId: string;
            ticket: string;
            /** @enum {string} */
            type: "failed";
            /**
             * @description R-P8 reason
             * @enum {string}
             */
            reason: "face_covered" | "face_mismatch" | "identity_wrong" | "face_not_in_frame";
        };
        /** @description R-P10: whom a face check verified; a pass counts only for the person the code was issued for */
        CheckedPerson: {
            /** @example 张三 */
            name: string;
            /** @enum {string} */
            documentType: "mainland_id" | "hk_macao_permit" | "taiwan_permit";
            /** @example 11010519491231002X */
            documentNumber: string;
        };
        PaymentArrivedEvent: {
            eventId: string;
            transactionId: string;
            /**
             * @description The process id the payer quoted; spaces and full-width characters are forgiven, and a payment quoting no process that takes payments (an empty or missing memo too) is refunded (unknown_reference)
             * @default
             */
            reference: string;
            /**
             * @description As the bank reports it (a missing one is empty); a payer name that is not the enterprise's is refunded (wrong_payer)
             * @default
             */
            payerName: string;
            /** @description Integer fen (0.01 yuan), at most 2,147,483,647 (21,474,836.47 yuan) */
            amountFen: number;
        };
        /** @description R-E5: a payment quoting the process; every payment that does not complete a verification is refunded, once */
        OperatorPayment: components["schemas"]["Payment"] & {
            refund?: components["schemas"]["Refund"] & ({
                /** @description Times the gateway was asked */
                attempts: number;
                /** @description When the worker asks again; null once refunded */
                nextAttemptAt: string | null;
                /** @description The last failed attempt's error, its name and at most 200 characters of its message */
                lastError: string | null;
                gatewayRefundId: string | null;
                /** @description R-G7: when operators were alerted that this refund keeps failing; it is still retried */
                alertedAt: string | null;
                /** @description R-E5: the process this payment verified though it had been refunded first, so its account was never credited (operators were alerted); null otherwise */
                verifiedProcessId: string | null;
            } | null);
            /** @description The process the reference named; null when it named none (refunded as unknown_reference) */
            processId: string | null;
            /** @description What the payer quoted, as reported; null for payments recorded before it was kept */
            reference: string | null;
            accountId: string | null;
            /** @description The first event that reported it; null for payments recorded before the payments table */
            eventId: string | null;
            /**
             * @description workflow: handed to the process's recharge; refund: no verification took it on arrival
             * @enum {string}
             */
            routedTo: "workflow" | "refund";
        };
        PayoutDeliveredEvent: {
            eventId: string;
            idempotencyKey: string;
            /**
             * Format: date-time
             * @description When the money arrived (ISO 8601). R-E6.5: the amount window runs from it; neither in the future nor before the payout was sent
             */
            deliveredAt: string;
        };
        SandboxWechatPerson: components["schemas"]["SandboxPerson"] & {
            /** @description R-E4: authorise as an official account's administrator, with the name verified on it */
            officialAccountName?: string;
        };
        SandboxPerson: {
            name: string;
            documentNumber: string;
        };
        /** @description Optional. Without it the pass reports the person the code was issued for (R-P10); `name` with `documentNumber` reports that person instead, to rehearse a pass for the wrong person; a magic name (人脸遮挡, 人脸不符, 信息有误, 不在框内) reports that R-P8 failure instead */
        SandboxFacePass: {
            name?: string;
            documentNumber?: string;
            /**
             * @description Defaults to the type of the person the code was issued for, else mainland_id
             * @enum {string}
             */
            documentType?: "mainland_id" | "hk_macao_permit" | "taiwan_permit";
        };
        SandboxFaceFail: {
            /**
             * @description R-P8 reason
             * @enum {string}
             */
            reason: "face_covered" | "face_mismatch" | "identity_wrong" | "face_not_in_frame";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "acc_demo",
                 *       "displayName": "演示账号"
                 *     }
                 */
                "application/json": components["schemas"]["CreateAccount"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acc_demo",
                     *       "displayName": "演示账号",
                     *       "status": "unverified",
                     *       "subject": null,
                     *       "vatSpecialInvoice": {
                     *         "available": false,
                     *         "blockedFormerNames": []
                     *       },
                     *       "verifiedAt": null,
                     *       "openProcessId": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The id is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acc_demo",
                     *       "displayName": "演示账号",
                     *       "status": "individual",
                     *       "subject": {
                     *         "type": "individual",
                     *         "name": "张*",
                     *         "documentType": "mainland_id",
                     *         "documentNumber": "110105********002X"
                     *       },
                     *       "vatSpecialInvoice": {
                     *         "available": false,
                     *         "blockedFormerNames": []
                     *       },
                     *       "verifiedAt": "2026-01-05T09:01:30.000Z",
                     *       "openProcessId": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUnmaskedSubject: {
        parameters: {
            query?: {
                /** @description Mandatory: why the clear subject is needed; kept in the audit */
                reason?: string;
            };
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clear subject */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnmaskedSubject"];
                };
            };
            /** @description No reason given */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such account */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startVerification: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "individual",
                 *       "method": "wechat_qr",
                 *       "applicant": {
                 *         "name": "张三",
                 *         "documentType": "mainland_id",
                 *         "documentNumber": "11010519491231002X",
                 *         "industry": "software",
                 *         "address": "北京市海淀区中关村大街1号"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["StartVerification"];
            };
        };
        responses: {
            /** @description The same process, for a retried start */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedProcess"];
                };
            };
            /** @description Started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *       "status": "open",
                     *       "step": "awaiting_scan",
                     *       "qrCode": {
                     *         "ticket": "3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *         "qrUrl": "http://localhost:3000/v1/sandbox/wechat/tickets/3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *         "expiresAt": "2026-01-05T09:10:00.000Z",
                     *         "expired": false
                     *       },
                     *       "allowedMethods": [
                     *         "wechat_qr",
                     *         "qq_qr",
                     *         "face"
                     *       ],
                     *       "recommendedMethod": "wechat_qr"
                     *     }
                     */
                    "application/json": components["schemas"]["StartedProcess"];
                };
            };
            /** @description Invalid input, naming each field and rule */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already verified, another process is open (R-G2), or a retry's process has ended (`process-closed`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key started a process with another request (`idempotency-key-reused`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Process"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProcessSteps: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of steps */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        steps: components["schemas"]["ProcessStep"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshQrCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The fresh code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ticket": "3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *       "qrUrl": "http://localhost:3000/v1/sandbox/wechat/tickets/3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *       "expiresAt": "2026-01-05T09:10:00.000Z",
                     *       "expired": false
                     *     }
                     */
                    "application/json": components["schemas"]["QrCode"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The process is closed, or its code is in use */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    switchMethod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "method": "face"
                 *     }
                 */
                "application/json": components["schemas"]["SwitchMethod"];
            };
        };
        responses: {
            /** @description The new method's code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ticket": "3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *       "qrUrl": "http://localhost:3000/v1/sandbox/face/tickets/3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                     *       "expiresAt": "2026-01-05T09:10:00.000Z",
                     *       "expired": false
                     *     }
                     */
                    "application/json": components["schemas"]["QrCode"];
                };
            };
            /** @description Not a method */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The process is closed, its code is in use, or the document does not allow the method (`method-not-allowed`, naming `field` and `rule`: R-P6) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamProcessEvents: {
        parameters: {
            query?: {
                /** @description A verification session's token (POST /v1/processes/{processId}/session), instead of a bearer token: for this process only */
                session_token?: string;
                /** @description The language of the view's texts for the holder, where Accept-Language cannot be set (EventSource); Accept-Language otherwise, Chinese by default */
                lang?: "zh" | "en";
            };
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream of views */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ProcessEvent"];
                };
            };
            /** @description The process is closed and the client has its outcome (Last-Event-ID): nothing more will come */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createVerificationSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page to send the holder to */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "url": "http://localhost:3000/verify/vsess_q3Zl8n0cXr2Vf5HkT1yWm7Ae9Bd4Gj6Ps0Lu8Nx2Cz4",
                     *       "expiresAt": "2026-12-02T11:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["VerificationSession"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMessages: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        messages: components["schemas"]["Message"][];
                        unread: number;
                    };
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markMessageRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accountId: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such message (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "purpose": "business_licence",
                 *       "file": "licence.png"
                 *     }
                 */
                "multipart/form-data": {
                    /** @enum {string} */
                    purpose: "business_licence" | "legal_person_id_emblem" | "legal_person_id_portrait" | "change_application_form" | "deregistration_proof" | "registry_change_proof";
                    /** Format: binary */
                    file: string;
                    /** @description Operators only: the account the document belongs to */
                    accountId?: string;
                };
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b",
                     *       "accountId": "acc_demo",
                     *       "purpose": "business_licence",
                     *       "contentType": "image/png",
                     *       "size": 48213,
                     *       "sha256": "1b56b50ac4e976f488f128cabdcdffb2fc9331d6974bb9968131a415d14ade24"
                     *     }
                     */
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description Not an accepted file for this purpose */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account's quota of documents not yet taken by a process is full; `limit` names it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than 5 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not multipart/form-data: refused before the body is read */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many uploads; Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startEnterpriseVerification: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartEnterpriseVerification"];
            };
        };
        responses: {
            /** @description The same process, for a retried start */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedEnterpriseProcess"];
                };
            };
            /** @description Started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *       "status": "open"
                     *     }
                     */
                    "application/json": components["schemas"]["StartedEnterpriseProcess"];
                };
            };
            /** @description Invalid input, naming each field and rule */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already verified, or another process is open (R-G2) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key started a process with another request (`idempotency-key-reused`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    chooseEnterpriseMethod: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "method": "recharge"
                 *     }
                 */
                "application/json": components["schemas"]["EnterpriseMethodChoice"];
            };
        };
        responses: {
            /** @description The process in its new first step */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessStepAnswer"];
                };
            };
            /** @description Invalid input, naming each field and rule */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not possible in the current step; the body says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawReview: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Withdrawn */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessStepAnswer"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not possible in the current step; the body says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitRemittanceAmount: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 54
                 *     }
                 */
                "application/json": components["schemas"]["RemittanceAmount"];
            };
        };
        responses: {
            /** @description Whether it was right, and the attempts left */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemittanceAmountAnswer"];
                };
            };
            /** @description Not an amount of 1..99 fen */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not possible in the current step; the body says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many entries; Retry-After says when */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReviews: {
        parameters: {
            query?: {
                status?: "pending" | "approved" | "rejected" | "withdrawn" | "expired";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reviews": [
                     *         {
                     *           "reviewId": "8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f",
                     *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *           "accountId": "acc_demo",
                     *           "kind": "enterprise_remittance",
                     *           "status": "pending",
                     *           "rules": [
                     *             "R-E2",
                     *             "R-E6"
                     *           ],
                     *           "dueAt": "2026-01-07T16:00:00.000Z",
                     *           "expiresAt": "2026-01-21T16:00:00.000Z",
                     *           "escalated": false,
                     *           "overdue": false,
                     *           "claimedBy": null,
                     *           "claimExpiresAt": null,
                     *           "decidedBy": null,
                     *           "decisionReason": null,
                     *           "decidedAt": null,
                     *           "createdAt": "2026-01-05T09:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        reviews: components["schemas"]["ReviewSummary"][];
                    };
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The review */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewDetail"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such review */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claimReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reviewId": "8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f",
                     *       "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *       "accountId": "acc_demo",
                     *       "kind": "enterprise_remittance",
                     *       "status": "pending",
                     *       "rules": [
                     *         "R-E2",
                     *         "R-E6"
                     *       ],
                     *       "dueAt": "2026-01-07T16:00:00.000Z",
                     *       "expiresAt": "2026-01-21T16:00:00.000Z",
                     *       "escalated": false,
                     *       "overdue": false,
                     *       "claimedBy": "operator-1",
                     *       "claimExpiresAt": "2026-01-05T09:30:00.000Z",
                     *       "decidedBy": null,
                     *       "decisionReason": null,
                     *       "decidedAt": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReviewSummary"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such review */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Decided already, or claimed by another operator */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    releaseReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewSummary"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such review */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Decided already, or claimed by another operator */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewDecision"];
            };
        };
        responses: {
            /** @description Decided */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reviewId": "8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f",
                     *       "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *       "accountId": "acc_demo",
                     *       "kind": "enterprise_remittance",
                     *       "status": "approved",
                     *       "rules": [
                     *         "R-E2",
                     *         "R-E6"
                     *       ],
                     *       "dueAt": "2026-01-07T16:00:00.000Z",
                     *       "expiresAt": "2026-01-21T16:00:00.000Z",
                     *       "escalated": false,
                     *       "overdue": false,
                     *       "claimedBy": null,
                     *       "claimExpiresAt": null,
                     *       "decidedBy": "operator-1",
                     *       "decisionReason": "licence, ID photos and bank details consistent",
                     *       "decidedAt": "2026-01-05T09:20:00.000Z",
                     *       "createdAt": "2026-01-05T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReviewSummary"];
                };
            };
            /** @description No decision or no reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such review */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Decided or withdrawn already, or claimed by another operator */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listActivityFailures: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of give-ups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        failures: components["schemas"]["ActivityFailure"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBusinessCalendar: {
        parameters: {
            query?: {
                /** @description First day listed (default: 1 January of this year, China time) */
                from?: string;
                /** @description Last day listed (default: 31 December of next year) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calendar in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessCalendar"];
                };
            };
            /** @description Invalid dates or range */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    countBusinessDays: {
        parameters: {
            query: {
                /** @description The start day, China time */
                from: string;
                /** @description Business days, 0..250 */
                days?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The day, the deadline instant, and the days counted and passed over */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessDaysAfter"];
                };
            };
            /** @description Invalid from or days */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUndeliveredNotices: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
                status?: "pending" | "failed";
                channel?: "sms" | "email" | "wechat";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        notices: components["schemas"]["Notice"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid status, channel, limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "endpoints": [
                     *         {
                     *           "id": "whe_4f1c2b3a5d6e7f8091a2b3c4d5e6f708",
                     *           "url": "https://platform.example.com/hooks/realname",
                     *           "eventTypes": [
                     *             "process.verified",
                     *             "process.failed",
                     *             "change.completed"
                     *           ],
                     *           "ordering": "none",
                     *           "status": "enabled",
                     *           "disabledAt": null,
                     *           "disabledReason": null,
                     *           "createdAt": "2026-01-05T09:00:00.000Z",
                     *           "secretRotatedAt": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        endpoints: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://platform.example.com/hooks/realname",
                 *       "eventTypes": [
                 *         "process.verified",
                 *         "process.failed",
                 *         "change.completed"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["WebhookEndpointRequest"];
            };
        };
        responses: {
            /** @description The endpoint and its signing secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whe_4f1c2b3a5d6e7f8091a2b3c4d5e6f708",
                     *       "url": "https://platform.example.com/hooks/realname",
                     *       "eventTypes": [
                     *         "process.verified",
                     *         "process.failed",
                     *         "change.completed"
                     *       ],
                     *       "ordering": "none",
                     *       "status": "enabled",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z",
                     *       "secretRotatedAt": null,
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Not a URL, one that is not a public address outside sandbox mode, or an unknown event type */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint and its new signing secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whe_4f1c2b3a5d6e7f8091a2b3c4d5e6f708",
                     *       "url": "https://platform.example.com/hooks/realname",
                     *       "eventTypes": [
                     *         "process.verified",
                     *         "process.failed",
                     *         "change.completed"
                     *       ],
                     *       "ordering": "none",
                     *       "status": "enabled",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z",
                     *       "secretRotatedAt": "2026-01-06T08:00:00.000Z",
                     *       "secret": "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed, with its secret and its deliveries */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "ordering": "per_process"
                 *     }
                 */
                "application/json": components["schemas"]["WebhookEndpointUpdate"];
            };
        };
        responses: {
            /** @description The endpoint as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whe_4f1c2b3a5d6e7f8091a2b3c4d5e6f708",
                     *       "url": "https://platform.example.com/hooks/realname",
                     *       "eventTypes": [
                     *         "process.verified",
                     *         "process.failed",
                     *         "change.completed"
                     *       ],
                     *       "ordering": "per_process",
                     *       "status": "enabled",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "createdAt": "2026-01-05T09:00:00.000Z",
                     *       "secretRotatedAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description An unknown event type or ordering, another field, or nothing to change */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["WebhookDelivery"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued: the worker sends it on its next pass */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such delivery */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The endpoint is disabled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startChange: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartChange"];
            };
        };
        responses: {
            /** @description The same process, for a retried start */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedChange"];
                };
            };
            /** @description Started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                     *       "status": "open"
                     *     }
                     */
                    "application/json": components["schemas"]["StartedChange"];
                };
            };
            /** @description Invalid input, naming each field and rule */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed now or for this account: cooldown (R-C1, with allowedFrom), direction (R-C2), code (R-C7), another open process (R-G2), or `subject-changed`: a previous process that closed while this start was judged (or waited for) changed the subject it was judged on (send it again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key started a process with another request (`idempotency-key-reused`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeChange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedChange"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a change, or its outcome is already reached */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resubmitMaterials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "materials": {
                 *         "applicationForm": "doc_3c4d5e6f708192a3b4c5d6e7f8091a2b",
                 *         "changeProof": "doc_4d5e6f708192a3b4c5d6e7f8091a2b3c",
                 *         "licence": "doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ResubmitMaterials"];
            };
        };
        responses: {
            /** @description Back in review */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedChange"];
                };
            };
            /** @description Unknown documents */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing was rejected */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitNewEntity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "method": "recharge",
                 *       "enterprise": {
                 *         "licenceType": "business_licence",
                 *         "licenceDocumentId": "doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b",
                 *         "name": "福州演示科技有限公司",
                 *         "creditCode": "91350100MA2Y3K4L5R",
                 *         "address": "福建省福州市鼓楼区五一北路1号",
                 *         "contact": {
                 *           "name": "王五",
                 *           "documentNumber": "110105198503071513",
                 *           "mobile": "13800138000"
                 *         }
                 *       },
                 *       "agreement": true
                 *     }
                 */
                "application/json": components["schemas"]["NewEntity"];
            };
        };
        responses: {
            /** @description The new entity verifies by the chosen method */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedChange"];
                };
            };
            /** @description Invalid input, naming each field and rule */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the account's holder */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such process (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not an approved entity change waiting for it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the entity the review approved (`not-the-reviewed-entity`, R-C5.5): another name or code, each named in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubjectHistory: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        history: components["schemas"]["SubjectHistoryEntry"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such account (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveWechatEvent: {
        parameters: {
            query?: never;
            header?: {
                "x-signature"?: string;
                "x-signature-timestamp"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WechatWebhookEvent"];
            };
        };
        responses: {
            /** @description Accepted (or a repeat, which has no effect) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description Malformed event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, stale or wrong signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id first reported another process's ticket (`event-id-reused`): nothing was taken; send the event under an id of its own */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveQqEvent: {
        parameters: {
            query?: never;
            header?: {
                "x-signature"?: string;
                "x-signature-timestamp"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QqWebhookEvent"];
            };
        };
        responses: {
            /** @description Accepted (or a repeat, which has no effect) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description Malformed event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, stale or wrong signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id first reported another process's ticket (`event-id-reused`): nothing was taken; send the event under an id of its own */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveFaceEvent: {
        parameters: {
            query?: never;
            header?: {
                "x-signature"?: string;
                "x-signature-timestamp"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FaceWebhookEvent"];
            };
        };
        responses: {
            /** @description Accepted (or a repeat, which has no effect) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description Malformed event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, stale or wrong signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id first reported another process's ticket (`event-id-reused`): nothing was taken; send the event under an id of its own */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receivePaymentEvent: {
        parameters: {
            query?: never;
            header?: {
                "x-signature"?: string;
                "x-signature-timestamp"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "eventId": "pay-evt-0001",
                 *       "transactionId": "tx-20260105-0001",
                 *       "reference": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *       "payerName": "福州演示科技有限公司",
                 *       "amountFen": 37
                 *     }
                 */
                "application/json": components["schemas"]["PaymentArrivedEvent"];
            };
        };
        responses: {
            /** @description Recorded, and handed to the process or refunded (or a repeat, which has no further effect) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        /** @description The event, or its transaction under another event id, was reported before; nothing is done twice */
                        duplicate: boolean;
                        /** @description R-E5: no verification takes this payment, so it is refunded to its payer (once, by transaction id); unknown_reference when the reference names no process that takes payments. A repeat of a refunded transaction names its refund again. */
                        refund?: {
                            /** @enum {string} */
                            reason: "wrong_amount" | "wrong_payer" | "wrong_amount_and_payer" | "enterprise_limit_reached" | "process_ended" | "other_method" | "not_awaiting_payment" | "payment_mismatch" | "unknown_reference";
                        };
                    };
                };
            };
            /** @description Malformed event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, stale or wrong signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id first reported another transaction (`event-id-reused`): nothing was taken; send the event under an id of its own */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayments: {
        parameters: {
            query?: {
                /** @description Items per page, 1..200 (default 50) */
                limit?: number;
                /** @description The previous page's nextCursor; absent for the first page */
                cursor?: string;
                /** @description Only the payments quoting this process */
                processId?: string;
                /** @description Only payments with this outcome; refund_pending lists the refunds the gateway has not confirmed yet */
                outcome?: "pending" | "credited" | "refund_pending" | "refunded";
                /** @description Only payments refunded for this reason; unknown_reference lists those that quoted no process that takes payments */
                reason?: "wrong_amount" | "wrong_payer" | "wrong_amount_and_payer" | "enterprise_limit_reached" | "process_ended" | "other_method" | "not_awaiting_payment" | "payment_mismatch" | "unknown_reference";
                /** @description true: only refunds that kept failing and were reported to operators (R-G7) */
                alerted?: "true";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of payments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        payments: components["schemas"]["OperatorPayment"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid filter, limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Operators only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxPay: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reference": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *       "payerName": "福州演示科技有限公司",
                 *       "amountFen": 37
                 *     }
                 */
                "application/json": {
                    /**
                     * @description The process id the payer quoted; spaces and full-width characters are forgiven, and a payment quoting no process that takes payments (an empty or missing memo too) is refunded (unknown_reference)
                     * @default
                     */
                    reference?: string;
                    /**
                     * @description As the bank reports it (a missing one is empty); a payer name that is not the enterprise's is refunded (wrong_payer)
                     * @default
                     */
                    payerName?: string;
                    /** @description Integer fen (0.01 yuan), at most 2,147,483,647 (21,474,836.47 yuan) */
                    amountFen: number;
                };
            };
        };
        responses: {
            /** @description Recorded, and handed to the process or refunded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "transactionId": "sandbox-tx-2e205c73-4af6-4387-9e4d-db37151fe79f"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        /** @description The event, or its transaction under another event id, was reported before; nothing is done twice */
                        duplicate: boolean;
                        /** @description R-E5: no verification takes this payment, so it is refunded to its payer (once, by transaction id); unknown_reference when the reference names no process that takes payments. A repeat of a refunded transaction names its refund again. */
                        refund?: {
                            /** @enum {string} */
                            reason: "wrong_amount" | "wrong_payer" | "wrong_amount_and_payer" | "enterprise_limit_reached" | "process_ended" | "other_method" | "not_awaiting_payment" | "payment_mismatch" | "unknown_reference";
                        };
                        transactionId: string;
                    };
                };
            };
            /** @description Malformed payment */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receivePayoutDeliveredEvent: {
        parameters: {
            query?: never;
            header?: {
                "x-signature"?: string;
                "x-signature-timestamp"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "eventId": "bank-evt-0001",
                 *       "idempotencyKey": "payout:prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e:1",
                 *       "deliveredAt": "2026-01-05T10:15:00.000Z"
                 *     }
                 */
                "application/json": components["schemas"]["PayoutDeliveredEvent"];
            };
        };
        responses: {
            /** @description Accepted (or a repeat, which has no effect) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                    };
                };
            };
            /** @description Malformed event, or an arrival time in the future or before the payout was sent (R-E6.5; beyond the accepted clock skew) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, stale or wrong signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown payout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxDeliverPayout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                    };
                };
            };
            /** @description No payout for this process */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxWechatScan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxWechatAuthorize: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SandboxWechatPerson"];
            };
        };
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxWechatReject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxQqScan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxQqAuthorize: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "张三",
                 *       "documentNumber": "11010519491231002X"
                 *     }
                 */
                "application/json": components["schemas"]["SandboxPerson"];
            };
        };
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxQqRequireBankCard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxQqLinkBankCard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxFacePass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SandboxFacePass"];
            };
        };
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandboxFaceFail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "face_mismatch"
                 *     }
                 */
                "application/json": components["schemas"]["SandboxFaceFail"];
            };
        };
        responses: {
            /** @description Delivered to the process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false,
                     *       "eventId": "sandbox-19706acf-94bd-4086-a34d-63e14d0c954e"
                     *     }
                     */
                    "application/json": {
                        received: boolean;
                        duplicate: boolean;
                        ignored?: string;
                        eventId: string;
                    };
                };
            };
            /** @description Unknown ticket */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    onProcessStarted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "process.started",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 0,
                 *         "step": "starting",
                 *         "status": "open",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "open",
                 *           "step": "starting",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "process.started";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onProcessStepChanged: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "process.step_changed",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "awaiting_scan",
                 *         "status": "open",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "open",
                 *           "step": "awaiting_scan",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": {
                 *             "ticket": "3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                 *             "qrUrl": "http://localhost:3000/v1/sandbox/wechat/tickets/3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b",
                 *             "expiresAt": "2026-01-05T09:10:00.000Z",
                 *             "expired": false
                 *           },
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "process.step_changed";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onProcessVerified: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "process.verified",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "verified",
                 *         "status": "verified",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "verified",
                 *           "step": "verified",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "process.verified";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onProcessFailed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "process.failed",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "failed",
                 *         "status": "failed",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "failed",
                 *           "step": "failed",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "process.failed";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onReviewDecided: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "review.decided",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "in_review",
                 *         "status": "open",
                 *         "review": {
                 *           "reviewId": "rev_example",
                 *           "kind": "enterprise_remittance",
                 *           "decision": "rejected",
                 *           "rules": [
                 *             "R-E6.3"
                 *           ],
                 *           "decidedAt": "2026-12-02T08:00:00.000Z"
                 *         },
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "open",
                 *           "step": "in_review",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "review.decided";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                        /** @description review.decided only: the decision (never the reviewer's free-text reason, which no event's process view carries either; GET /v1/processes/{processId} answers it) */
                        review: {
                            reviewId: string;
                            kind: string;
                            /** @enum {string} */
                            decision: "approved" | "rejected";
                            rules: string[];
                            /** Format: date-time */
                            decidedAt: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPaymentRefunded: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "payment.refunded",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "awaiting_payment",
                 *         "status": "open",
                 *         "refund": {
                 *           "transactionId": "txn_example",
                 *           "amountFen": 1,
                 *           "reason": "wrong_amount",
                 *           "refundedAt": "2026-12-02T08:00:00.000Z"
                 *         },
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "open",
                 *           "step": "awaiting_payment",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "payment.refunded";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                        /** @description payment.refunded only: the refunded payment (the gateway transaction) and why (R-E5) */
                        refund: {
                            transactionId: string;
                            /** @description Integer fen */
                            amountFen: number;
                            reason: string;
                            /** Format: date-time */
                            refundedAt: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeCompleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "change.completed",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "changed",
                 *         "status": "changed",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "changed",
                 *           "step": "changed",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "change.completed";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeRevoked: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event id, the same on every retry
                 * @example evt_prc_example_3
                 */
                "webhook-id": string;
                /**
                 * @description Unix seconds of this attempt
                 * @example 1796083200
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_prc_example_3",
                 *       "type": "change.revoked",
                 *       "timestamp": "2026-12-02T08:00:00.000Z",
                 *       "data": {
                 *         "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *         "accountId": "acc_demo",
                 *         "seq": 3,
                 *         "step": "revoked",
                 *         "status": "revoked",
                 *         "process": {
                 *           "processId": "prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e",
                 *           "accountId": "acc_demo",
                 *           "kind": "individual_verification",
                 *           "method": "wechat_qr",
                 *           "status": "revoked",
                 *           "step": "revoked",
                 *           "failureReason": null,
                 *           "lastFaceFailure": null,
                 *           "deadlines": {
                 *             "abandonAt": "2026-01-06T09:00:00.000Z"
                 *           },
                 *           "qrCode": null,
                 *           "recharge": null,
                 *           "faceTriesLeft": null,
                 *           "allowedMethods": [
                 *             "wechat_qr",
                 *             "qq_qr",
                 *             "face"
                 *           ],
                 *           "recommendedMethod": "wechat_qr",
                 *           "remittance": null,
                 *           "history": [
                 *             {
                 *               "step": "awaiting_scan",
                 *               "at": "2026-01-05T09:00:00.000Z",
                 *               "detail": {
                 *                 "ticketExpiresAt": 1767604200000
                 *               }
                 *             }
                 *           ],
                 *           "historyTruncated": false,
                 *           "payments": [],
                 *           "paymentsTruncated": false,
                 *           "createdAt": "2026-01-05T09:00:00.000Z",
                 *           "completedAt": null
                 *         }
                 *       }
                 *     }
                 */
                "application/json": {
                    id: string;
                    /** @enum {string} */
                    type: "change.revoked";
                    /** Format: date-time */
                    timestamp: string;
                    data: {
                        processId: string;
                        accountId: string;
                        seq: number;
                        step: string;
                        status: string;
                        process: components["schemas"]["Process"];
                    };
                };
            };
        };
        responses: {
            /** @description Taken: any 2xx ends the retries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused (for example a bad signature): retried, then the endpoint is disabled */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
