//! Requests per second of the SCIM engine for a realistic Okta mix, natively, against
//! tenants of 1,000, 10,000 and 100,000 users. Run with `cargo bench --bench engine`.
//!
//! One round of the mix is what Okta sends when it assigns one person and tidies up:
//! a userName lookup that finds nothing, the create that follows, the deactivation of an
//! existing user, and one 100-user page of an import. Each size runs for a few seconds
//! (`ENGINE_BENCH_SECONDS`, default 2). Per-operation means are reported too, with GET by
//! id and a userName lookup that hits, which must stay flat as the tenant grows.

use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// Nanoseconds spent and requests made, per operation.
#[derive(Default)]
struct Tally {
    nanos: [u128; 6],
    counts: [u64; 6],
}

const OPS: [&str; 6] = [
    "lookup miss",
    "create",
    "deactivate",
    "page of 100",
    "lookup hit",
    "get by id",
];

impl Tally {
    fn mean_micros(&self, op: usize) -> f64 {
        self.nanos[op] as f64 / self.counts[op].max(1) as f64 / 1000.0
    }
}

struct Bench {
    tenant: Tenant,
    env: SeededEnv,
    auth: String,
    ids: Vec<String>,
    next_login: usize,
    rng: u64,
}

impl Bench {
    fn new(size: usize) -> (Bench, Duration) {
        let mut env = SeededEnv::new(size as u64);
        let (tenant, credentials) = Tenant::ready(&mut env);
        let mut bench = Bench {
            tenant,
            env,
            auth: format!("Bearer {}", credentials.token),
            ids: Vec::with_capacity(size * 2),
            next_login: 0,
            rng: 0x2545_F491_4F6C_DD1D,
        };
        let started = Instant::now();
        for _ in 0..size {
            bench.create();
        }
        (bench, started.elapsed())
    }

    fn pick(&mut self, below: usize) -> usize {
        // xorshift64: the bench needs spread, not quality.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng % below.max(1) as u64) as usize
    }

    fn send(&mut self, req: HttpRequest, expected: u16) {
        let response = self.tenant.handle(&req, &mut self.env);
        assert_eq!(
            response.status, expected,
            "{} {}: {}",
            req.method, req.path, response.body
        );
        black_box(response);
    }

    fn get(&self, path: &str) -> HttpRequest {
        HttpRequest::new("GET", path)
            .with_header("Authorization", &self.auth)
            .with_header("Accept", "application/scim+json")
    }

    fn lookup(&mut self, login: &str) {
        let path = format!(
            "/Users?filter=userName%20eq%20%22{}%22&startIndex=1&count=100",
            login.replace('@', "%40")
        );
        self.send(self.get(&path), 200);
    }

    fn login(n: usize) -> String {
        format!("person{n}@example.com")
    }

    fn create(&mut self) {
        let login = Bench::login(self.next_login);
        self.next_login += 1;
        let n = self.next_login;
        let body = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": login,
            "name": {"givenName": "Person", "familyName": format!("Number {n}")},
            "emails": [{"primary": true, "value": login, "type": "work"}],
            "displayName": format!("Person {n}"),
            "locale": "en-US",
            "externalId": format!("00u{n:016}"),
            "groups": [],
            "password": "x7Qp2-throwaway",
            "active": true
        })
        .to_string();
        let req = HttpRequest::new("POST", "/Users")
            .with_header("Authorization", &self.auth)
            .with_header("Content-Type", "application/scim+json; charset=utf-8")
            .with_body(&body);
        let response = self.tenant.handle(&req, &mut self.env);
        assert_eq!(response.status, 201, "{}", response.body);
        let id = self.tenant.users().last().map(|u| u.id().to_string());
        self.ids.push(id.unwrap_or_default());
        black_box(response);
    }

    fn deactivate(&mut self) {
        let at = self.pick(self.ids.len());
        let id = self.ids[at].clone();
        let body = concat!(
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#,
            r#""Operations":[{"op":"replace","value":{"active":false}}]}"#
        );
        let req = HttpRequest::new("PATCH", &format!("/Users/{id}"))
            .with_header("Authorization", &self.auth)
            .with_header("Content-Type", "application/scim+json; charset=utf-8")
            .with_body(body);
        self.send(req, 200);
    }

    fn page(&mut self) {
        let start = self.pick(self.ids.len()) + 1;
        let path = format!("/Users?startIndex={start}&count=100");
        self.send(self.get(&path), 200);
    }

    fn timed(&mut self, tally: &mut Tally, op: usize) {
        let started = Instant::now();
        match op {
            0 => {
                let login = format!("nobody{}@example.com", self.next_login);
                self.lookup(&login);
            }
            1 => self.create(),
            2 => self.deactivate(),
            3 => self.page(),
            4 => {
                let login = Bench::login(self.pick(self.next_login));
                self.lookup(&login);
            }
            _ => {
                let at = self.pick(self.ids.len());
                let id = self.ids[at].clone();
                self.send(self.get(&format!("/Users/{id}")), 200);
            }
        }
        tally.nanos[op] += started.elapsed().as_nanos();
        tally.counts[op] += 1;
    }
}

fn run(size: usize, budget: Duration) {
    let (mut bench, populate) = Bench::new(size);
    let mut tally = Tally::default();
    let mut mix_requests = 0u64;
    let mut mix_time = Duration::ZERO;
    let deadline = Instant::now() + budget;
    while Instant::now() < deadline {
        let started = Instant::now();
        for op in 0..4 {
            bench.timed(&mut tally, op);
        }
        mix_time += started.elapsed();
        mix_requests += 4;
        bench.timed(&mut tally, 4);
        bench.timed(&mut tally, 5);
    }
    let rate = mix_requests as f64 / mix_time.as_secs_f64();
    let creates = size as f64 / populate.as_secs_f64();
    let means: Vec<String> = (0..6)
        .map(|op| format!("{:>11.1}", tally.mean_micros(op)))
        .collect();
    eprintln!(
        "{size:>8} | {rate:>10.0} | {creates:>10.0} | {} | {:>6}",
        means.join(" | "),
        mix_requests / 4
    );
}

fn main() {
    let seconds = std::env::var("ENGINE_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);
    eprintln!("SCIM engine, Okta mix (lookup miss + create + deactivate + page of 100)");
    eprintln!("mean microseconds per request by operation; {seconds} s of mix per size\n");
    let ops: Vec<String> = OPS.iter().map(|op| format!("{op:>11}")).collect();
    eprintln!(
        "   users |  mix req/s | populate/s | {} | rounds",
        ops.join(" | ")
    );
    for size in SIZES {
        run(size, budget);
    }
    okta_group_assignment();
    okta_plans_at_a_large_tenant();
}

// ---------------------------------------------------------------------------------------
// The Okta model on top of the engine: one group of 10,000 people assigned to LeadIQ.

/// People in the assigned group.
const OKTA_GROUP_SIZE: usize = 10_000;

/// Times planning and then performing the assignment of a 10,000-person group: Okta's
/// lookup and create for every member against a tenant that starts empty, 20,000 requests.
fn okta_group_assignment() {
    use leadiq_scim_sandbox::okta::{Action, Connection, Features, OktaOrg, Profile};

    let mut env = SeededEnv::new(42);
    let (mut tenant, credentials) = Tenant::ready(&mut env);
    let mut org = OktaOrg::new(&mut env);
    org.set_connection(Connection::bearer(
        &credentials.base_url,
        &credentials.token,
    ));
    org.set_features(Features::leadiq_supported());
    let profiles = (0..OKTA_GROUP_SIZE)
        .map(|n| {
            Profile::new(
                &format!("member{n}@example.com"),
                "Member",
                &format!("N{n}"),
            )
        })
        .collect();
    let people = org.add_people(profiles, &mut env).expect("valid profiles");
    let group = org
        .add_group("Everyone in sales", &mut env)
        .expect("a new group");
    org.add_members(&group, &people).expect("known people");
    let action = Action::AssignGroup(group);

    let started = Instant::now();
    let plan = org.plan(&action, &tenant).expect("a plan");
    let planned = started.elapsed();
    let started = Instant::now();
    let outcome = org
        .perform(&action, &mut tenant, &mut env)
        .expect("performed");
    let performed = started.elapsed();

    assert_eq!(plan.requests().len(), 2 * OKTA_GROUP_SIZE);
    assert_eq!(outcome.exchanges.len(), 2 * OKTA_GROUP_SIZE);
    assert_eq!(tenant.users().len(), OKTA_GROUP_SIZE);
    eprintln!(
        "\nOkta: assign a group of {OKTA_GROUP_SIZE} people to LeadIQ \
         ({} requests): plan {:.0} ms, perform {:.0} ms ({:.1} µs per person)",
        outcome.exchanges.len(),
        planned.as_secs_f64() * 1000.0,
        performed.as_secs_f64() * 1000.0,
        performed.as_secs_f64() * 1e6 / OKTA_GROUP_SIZE as f64
    );
}

/// Users LeadIQ already has when the plans below are made.
const LARGE_TENANT: usize = 10_000;

/// Times planning (no performing) against a tenant of 10,000 users: the assignment of one
/// new person, as the step-5 preview plans on every keystroke, and of a new group of
/// 10,000 people. Planning must not cost in proportion to the tenant.
fn okta_plans_at_a_large_tenant() {
    use leadiq_scim_sandbox::okta::{Action, Connection, Features, OktaOrg, Profile};

    let mut env = SeededEnv::new(43);
    let (tenant, credentials) = Tenant::ready(&mut env);
    let mut bench = Bench {
        tenant,
        env,
        auth: format!("Bearer {}", credentials.token),
        ids: Vec::with_capacity(LARGE_TENANT),
        next_login: 0,
        rng: 0x2545_F491_4F6C_DD1D,
    };
    for _ in 0..LARGE_TENANT {
        bench.create();
    }
    let mut org = OktaOrg::new(&mut bench.env);
    org.set_connection(Connection::bearer(
        &credentials.base_url,
        &credentials.token,
    ));
    org.set_features(Features::leadiq_supported());
    let profiles = (0..=OKTA_GROUP_SIZE)
        .map(|n| Profile::new(&format!("new{n}@example.com"), "New", &format!("N{n}")))
        .collect();
    let mut people = org
        .add_people(profiles, &mut bench.env)
        .expect("valid profiles");
    let one = people.pop().expect("one person more than the group");
    let group = org.add_group("Newcomers", &mut bench.env).expect("a group");
    org.add_members(&group, &people).expect("known people");

    let person = Action::AssignPerson(one);
    let rounds = 50;
    let started = Instant::now();
    for _ in 0..rounds {
        let plan = org.plan(&person, &bench.tenant).expect("a plan");
        assert_eq!(plan.requests().len(), 2);
        black_box(plan);
    }
    let one_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);

    let started = Instant::now();
    let plan = org
        .plan(&Action::AssignGroup(group), &bench.tenant)
        .expect("a plan");
    let group_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(plan.requests().len(), 2 * OKTA_GROUP_SIZE);
    eprintln!(
        "Okta: plans at a tenant of {LARGE_TENANT} users: one person {one_ms:.2} ms \
         (mean of {rounds}), a group of {OKTA_GROUP_SIZE} {group_ms:.0} ms"
    );
}
