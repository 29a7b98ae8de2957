use schema_core::Function;

#[derive(Function)]
#[function(sql = "CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f()")]
pub struct Touch;

fn main() {}
