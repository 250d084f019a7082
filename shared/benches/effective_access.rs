//! How long adding up one person's project access takes: an Admin in 200 teams, 500 projects,
//! each team granting 10 projects, individual grants on 100 projects and an all-users default on
//! every project (3,100 grants). Also who reaches one project, for 2,000 people with grants.
//!
//! Run with `cargo bench -p shared --bench effective_access`. The target is at most 1 ms per person.

use shared::grants::{person_access, project_people, Grantee, ProjectGrant};
use shared::{Grant, GrantSource, OrgRole, ProjectRole};
use std::hint::black_box;
use std::time::{Duration, Instant};

const PROJECTS: i64 = 500;
const TEAMS: i64 = 200;
const PROJECTS_PER_TEAM: i64 = 10;

fn role(n: i64) -> ProjectRole {
    ProjectRole::ALL[(n % 4) as usize]
}

fn one_persons_grants() -> (Vec<(i64, String)>, Vec<ProjectGrant>) {
    let projects: Vec<(i64, String)> = (1..=PROJECTS)
        .map(|id| (id, format!("Project {id:03}")))
        .collect();
    let name = |id: i64| projects[(id - 1) as usize].1.clone();
    let mut grants = Vec::new();
    for team in 1..=TEAMS {
        for k in 0..PROJECTS_PER_TEAM {
            let project_id = (team * 7 + k * 31) % PROJECTS + 1;
            grants.push(ProjectGrant {
                project_id,
                project_name: name(project_id),
                grant: Grant {
                    role: role(team + k),
                    source: GrantSource::Team {
                        team_id: team,
                        name: format!("Team {team:03}"),
                    },
                },
            });
        }
    }
    for project_id in (1..=PROJECTS).step_by(5) {
        grants.push(ProjectGrant {
            project_id,
            project_name: name(project_id),
            grant: Grant {
                role: ProjectRole::Analyst,
                source: GrantSource::Individual,
            },
        });
    }
    for project_id in 1..=PROJECTS {
        grants.push(ProjectGrant {
            project_id,
            project_name: name(project_id),
            grant: Grant {
                role: ProjectRole::Consumer,
                source: GrantSource::AllUsers,
            },
        });
    }
    (projects, grants)
}

fn one_projects_people() -> (Vec<Grantee>, Vec<(i64, Grant)>) {
    let people: Vec<Grantee> = (1..=2_000)
        .map(|id| Grantee {
            account_id: id,
            name: format!("Person {id:05}"),
            email: format!("p{id}@example.test"),
            org_role: if id % 100 == 0 {
                OrgRole::Admin
            } else {
                OrgRole::Member
            },
        })
        .collect();
    let grants = (1..=2_000)
        .flat_map(|id| {
            [
                (
                    id,
                    Grant {
                        role: role(id),
                        source: GrantSource::Team {
                            team_id: id % 50,
                            name: format!("Team {}", id % 50),
                        },
                    },
                ),
                (
                    id,
                    Grant {
                        role: ProjectRole::Consumer,
                        source: GrantSource::Individual,
                    },
                ),
            ]
        })
        .collect();
    (people, grants)
}

/// The time this thread has spent on a CPU, from Linux's `/proc/thread-self/schedstat` (`None`
/// elsewhere). On a busy machine it shows the cost of the work itself; the wall time also counts
/// waiting for a core.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The mean wall time and CPU time of one run of `f`, and the number of runs.
struct Measured {
    wall: Duration,
    cpu: Option<Duration>,
    runs: u32,
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3} ms wall", self.wall.as_secs_f64() * 1e3)?;
        if let Some(cpu) = self.cpu {
            write!(f, ", {:.3} ms on CPU", cpu.as_secs_f64() * 1e3)?;
        }
        write!(f, " ({} runs)", self.runs)
    }
}

/// Runs `f` on fresh inputs from `setup` for at least a second of `f`'s time. Making the inputs is
/// not counted.
fn measure<I>(mut setup: impl FnMut() -> I, mut f: impl FnMut(I)) -> Measured {
    for _ in 0..20 {
        f(setup());
    }
    let (mut wall, mut cpu, mut runs) = (Duration::ZERO, Some(Duration::ZERO), 0);
    while wall < Duration::from_secs(1) {
        let input = setup();
        let (cpu_start, start) = (cpu_time(), Instant::now());
        f(input);
        wall += start.elapsed();
        cpu = match (cpu, cpu_start, cpu_time()) {
            (Some(total), Some(a), Some(b)) => Some(total + b.saturating_sub(a)),
            _ => None,
        };
        runs += 1;
    }
    Measured {
        wall: wall / runs,
        cpu: cpu.map(|c| c / runs),
        runs,
    }
}

fn main() {
    let (projects, grants) = one_persons_grants();
    let measured = measure(
        || grants.clone(),
        |grants| {
            let access = person_access(OrgRole::Admin, black_box(&projects), black_box(grants));
            assert_eq!(access.len(), PROJECTS as usize);
            black_box(access);
        },
    );
    println!(
        "person_access: 1 person, {PROJECTS} projects, {TEAMS} teams, {} grants: {measured} per person (target 1 ms)",
        grants.len()
    );

    let (people, grants) = one_projects_people();
    let measured = measure(
        || (people.clone(), grants.clone()),
        |(people, grants)| {
            let listed = project_people(
                black_box(people),
                black_box(grants),
                Some(ProjectRole::Consumer),
            );
            black_box(listed);
        },
    );
    println!(
        "project_people: 1 project, {} people with {} grants: {measured} per project",
        people.len(),
        grants.len()
    );
}
