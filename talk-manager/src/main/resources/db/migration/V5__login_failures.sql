-- Failed logins, to throttle brute force per username and per client address (TALK_LOGIN_* settings).
CREATE TABLE talk_login_failures (
  username  text NOT NULL,
  address   text NOT NULL DEFAULT '',
  tm_create timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talk_login_failures_username ON talk_login_failures (username, tm_create);
CREATE INDEX talk_login_failures_address ON talk_login_failures (address, tm_create);
