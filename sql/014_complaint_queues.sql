-- 014_complaint_queues.sql: the complaint.list queues of issue 12 (doc/domain.md, Complaint
-- replies and rounds; server/complaint_list.c), each on its own partial index in
-- (list_due, no) order as the queues of 009_routes.sql: `to_approve`, the proposals waiting
-- for a manager's approval (every manager's: complaint.approve is any manager's), and
-- `to_reply`, the approved answers waiting for the customer's reply, which an operator
-- records.
CREATE INDEX complaints_q_to_approve ON complaints (list_due, no) WHERE state = 'proposed';
CREATE INDEX complaints_q_to_reply ON complaints (list_due, no) WHERE state = 'approved';
